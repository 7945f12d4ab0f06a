package io.derrick.protocol;

import java.util.List;

/**
 * A batch of readings from one node. {@code seq} is the node's monotonic sequence number (it survives
 * restarts); the hub stores a (node, seq) once, however often it arrives.
 *
 * @param backlogReadings the readings waiting in the node's buffer, besides this batch's, when it sent this batch, so the
 *                        hub's view of an outage's backlog drains with it (protocol 3); {@link #UNKNOWN} from an older
 *                        node. It describes the sending, not the content: a batch sent twice may carry two figures and
 *                        is still the same batch.
 */
public record ReadingBatch(String rig, String node, long seq, List<ChannelSeries> series, long backlogReadings) implements Message {
    public static final long UNKNOWN = -1;

    public ReadingBatch {
        series = List.copyOf(series);
    }

    public ReadingBatch(String rig, String node, long seq, List<ChannelSeries> series) {
        this(rig, node, seq, series, UNKNOWN);
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

    /** The same readings with another backlog figure: what the node sends on each try. */
    public ReadingBatch withBacklog(long readings) {
        return new ReadingBatch(rig, node, seq, series, readings);
    }
}
