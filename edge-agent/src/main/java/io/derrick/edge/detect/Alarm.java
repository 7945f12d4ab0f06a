package io.derrick.edge.detect;

import io.derrick.protocol.Event;

import java.util.List;

/**
 * An active alarm as the crew sees it: what, since when, whether someone acknowledged it (the horn is
 * silenced then; the beacon stays on until the alarm clears).
 */
public record Alarm(String key, Event.Type type, Event.Severity severity, List<String> channels, String reason,
                    double score, long raisedAtMs, boolean acknowledged, String acknowledgedBy) {
    public Alarm {
        channels = List.copyOf(channels);
    }

    Alarm acknowledge(String by) {
        return new Alarm(key, type, severity, channels, reason, score, raisedAtMs, true, by);
    }

    Alarm update(Condition c) {
        return new Alarm(key, type, severity, channels, c.reason(), c.score(), raisedAtMs, acknowledged, acknowledgedBy);
    }
}
