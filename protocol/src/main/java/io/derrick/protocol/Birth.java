package io.derrick.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Retained on {@code birth} each time a node connects: who it is, what it measures, and what it lost.
 * {@code droppedReadings} is the total the node's buffer ever discarded because it was full or too old,
 * so a hub that missed an event still learns of the loss.
 */
public record Birth(String rig, String node, String agentVersion, String configHash, Instant bootTime,
                    long nextSeq, long backlogReadings, long droppedReadings, List<ChannelSpec> channels)
        implements Message {
    public Birth {
        channels = List.copyOf(channels);
    }

    @Override
    public TopicKind kind() {
        return TopicKind.BIRTH;
    }
}
