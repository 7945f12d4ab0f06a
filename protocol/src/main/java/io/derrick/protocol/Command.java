package io.derrick.protocol;

import java.time.Instant;
import java.util.Map;

/** Hub to edge, on the node's {@code cmd} topic. {@code id} lets the edge answer and ignore repeats. */
public record Command(String rig, String node, String id, Type type, Instant issuedAt, Map<String, String> args)
        implements Message {

    public enum Type {
        /**
         * args: alarm = the alarm key ("*" for all), by = who acknowledged, raisedAt (optional) = the ISO instant the
         * alarm was raised: the edge acknowledges only that occurrence, so a late repeat never silences a newer one.
         */
        ACK_ALARM,
        /** args: from, to = ISO instants; the edge republishes what it still holds for that window. */
        REPLAY,
        /** args: hash = the config hash the hub expects. */
        CONFIG
    }

    public Command {
        args = Map.copyOf(args);
    }

    @Override
    public TopicKind kind() {
        return TopicKind.CMD;
    }
}
