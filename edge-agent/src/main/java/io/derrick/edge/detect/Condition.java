package io.derrick.edge.detect;

import io.derrick.protocol.Event;

import java.util.List;
import java.util.Map;

/**
 * Something a detector sees as wrong right now. It becomes an alarm once it has held for {@code forS} seconds
 * and clears once it has been absent for {@code clearS} seconds (see {@link AlarmBook}).
 *
 * @param key  the alarm key, stable for the same problem (limit.SPPA.high, kick, model.drilling)
 * @param type ALARM_RAISED for rules and drilling detectors, ANOMALY for the learned model
 */
public record Condition(String key, Event.Type type, Event.Severity severity, List<String> channels, double score,
                        String reason, Map<String, Double> figures, double forS, double clearS) {
    public Condition {
        channels = List.copyOf(channels);
        figures = Map.copyOf(figures);
    }
}
