package io.derrick.protocol;

import java.util.List;

/**
 * A batch of readings from one node. {@code seq} is the node's monotonic sequence number (it survives
 * restarts); the hub stores a (node, seq) once, however often it arrives.
 */
public record ReadingBatch(String rig, String node, long seq, List<ChannelSeries> series) implements Message {
    public ReadingBatch {
        series = List.copyOf(series);
    }

    @Override
    public TopicKind kind() {
        return TopicKind.DATA;
    }

    public int readingCount() {
        int n = 0;
        for (ChannelSeries s : series) {
            n += s.size();
        }
        return n;
    }
}
