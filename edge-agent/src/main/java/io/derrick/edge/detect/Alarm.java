package io.derrick.edge.detect;

import io.derrick.protocol.Event;

import java.util.List;

/**
 * An active alarm as the crew sees it: what, since when, whether someone acknowledged it (the horn is
 * silenced then; the beacon stays on until the alarm clears). {@code clearS}: how long its condition must be gone before
 * it clears (kept with the alarm so that one restored after a restart clears as its rule says; 0 in rows of 0.1.0).
 */
public record Alarm(String key, Event.Type type, Event.Severity severity, List<String> channels, String reason,
                    double score, long raisedAtMs, boolean acknowledged, String acknowledgedBy, double clearS) {
    public Alarm {
        channels = List.copyOf(channels);
    }

    Alarm acknowledge(String by) {
        return new Alarm(key, type, severity, channels, reason, score, raisedAtMs, true, by, clearS);
    }

    Alarm update(Condition c) {
        return new Alarm(key, type, severity, channels, c.reason(), c.score(), raisedAtMs, acknowledged, acknowledgedBy, c.clearS());
    }
}
