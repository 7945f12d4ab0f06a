package io.derrick.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The last level of a topic. QoS and retain flag are part of the contract, not the sender's choice. */
public enum TopicKind {
    DATA("data", 1, false),
    EVENT("event", 1, false),
    STATE("state", 1, true),
    BIRTH("birth", 1, true),
    CMD("cmd", 1, false);

    private final String wireName;
    private final int qos;
    private final boolean retained;

    TopicKind(String wireName, int qos, boolean retained) {
        this.wireName = wireName;
        this.qos = qos;
        this.retained = retained;
    }

    public String wireName() {
        return wireName;
    }

    public int qos() {
        return qos;
    }

    public boolean retained() {
        return retained;
    }

    public static TopicKind fromWire(String name) throws ProtocolException {
        for (TopicKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new ProtocolException("topic.kind", "unknown kind " + Ids.quote(name) + ", expected one of "
                + Arrays.stream(values()).map(TopicKind::wireName).collect(Collectors.joining(", ")));
    }
}
