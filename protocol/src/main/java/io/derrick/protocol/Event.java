package io.derrick.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something a person may need to know: an anomaly, an alarm raised or cleared, a device going down,
 * readings lost to a full buffer. Events travel through the same buffer as readings and share the
 * node's sequence numbers, so they are never lost and stored once.
 *
 * <p>An alarm's events (ANOMALY or ALARM_RAISED, then ALARM_ACKNOWLEDGED and ALARM_CLEARED) share its
 * {@code alarm} key, e.g. {@code limit.SPPA.high} or {@code kick}; a key is raised again only after it cleared.
 *
 * @param score   detector score where one applies, otherwise NaN
 * @param figures named numbers behind the reason (e.g. droppedReadings), for machines
 * @param alarm   the alarm this event belongs to, or null for an event that is no alarm (DEVICE_DOWN...)
 */
public record Event(String rig, String node, long seq, Instant at, Type type, Severity severity,
                    List<String> channels, double score, String reason, Map<String, Double> figures, String alarm)
        implements Message {

    /** ALARM_ACKNOWLEDGED is new in protocol version 2. */
    public enum Type { ANOMALY, ALARM_RAISED, ALARM_ACKNOWLEDGED, ALARM_CLEARED, DEVICE_DOWN, DEVICE_UP, DATA_LOSS;

        /** Opens an alarm: the hub keeps it active until its ALARM_CLEARED. */
        public boolean raises() {
            return this == ANOMALY || this == ALARM_RAISED;
        }
    }

    public enum Severity { INFO, WARNING, CRITICAL }

    public Event {
        channels = List.copyOf(channels);
        figures = Map.copyOf(figures);
    }

    @Override
    public TopicKind kind() {
        return TopicKind.EVENT;
    }

    /** The same event under the sequence number the buffer assigned to it. */
    public Event withSeq(long newSeq) {
        return new Event(rig, node, newSeq, at, type, severity, channels, score, reason, figures, alarm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && rig.equals(e.rig) && node.equals(e.node) && seq == e.seq && at.equals(e.at)
                && type == e.type && severity == e.severity && channels.equals(e.channels)
                && Double.compare(score, e.score) == 0 && reason.equals(e.reason) && figures.equals(e.figures)
                && java.util.Objects.equals(alarm, e.alarm);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(rig, node, seq, at, type);
    }
}
