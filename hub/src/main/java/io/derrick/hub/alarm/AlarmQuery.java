package io.derrick.hub.alarm;

import io.derrick.hub.platform.db.Database;
import io.derrick.protocol.Event;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What other features may know of the alarms, read-only: the open alarms per rig (the fleet's tiles), and for the alert
 * emails the alarms and events not yet alerted, with the marks that say they were. The marks are the one write: they
 * take the alert feature's handle, so its notifications and the marks commit together (docs/architecture.md).
 */
public final class AlarmQuery {
    /** Counts of a rig's open alarms, for its tile. */
    public record Summary(int active, int unacknowledged, String worst) {
        public static final Summary NONE = new Summary(0, 0, null);
    }

    /** An event as the alert rules see it; {@code alarmKey} is set on alarm events (alerted from the alarm instead). */
    public record NewEvent(long id, String rig, String node, Event.Type type, Event.Severity severity, String reason,
                           List<String> channels, Instant at, String alarmKey) {
    }

    private final Database db;

    public AlarmQuery(Database db) {
        this.db = db;
    }

    /** Per rig: open alarms, how many nobody acknowledged, the worst severity among them. */
    public Map<String, Summary> summaries() {
        Map<String, Summary> byRig = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT rig_id, count(*) AS active, count(*) FILTER (WHERE acknowledged_at IS NULL) AS unacked,
                               (array_agg(severity ORDER BY array_position(ARRAY['CRITICAL','WARNING','INFO'], severity)))[1] AS worst
                        FROM alarm WHERE cleared_at IS NULL GROUP BY rig_id""")
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), new Summary(rs.getInt("active"), rs.getInt("unacked"), rs.getString("worst"))))
                .list()).forEach(e -> byRig.put(e.getKey(), e.getValue()));
        return byRig;
    }

    public Summary summary(String rig) {
        return summaries().getOrDefault(rig, Summary.NONE);
    }

    /**
     * Alarms raised at {@code rig} per local day of {@code zone}, for the days in [from, to] (the dashboard's alarms per
     * 24 h), in the caller's transaction.
     */
    public Map<java.time.LocalDate, Integer> raisedPerDay(Handle h, String rig, java.time.ZoneId zone, java.time.LocalDate from, java.time.LocalDate to) {
        Map<java.time.LocalDate, Integer> out = new LinkedHashMap<>();
        h.createQuery("""
                        SELECT (raised_at AT TIME ZONE :zone)::date AS day, count(*) AS n FROM alarm
                        WHERE rig_id = :rig AND raised_at >= :from AND raised_at < :to GROUP BY 1 ORDER BY 1""")
                .bind("rig", rig).bind("zone", zone.getId())
                .bind("from", java.sql.Timestamp.from(from.atStartOfDay(zone).toInstant()))
                .bind("to", java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .map((rs, ctx) -> Map.entry(rs.getObject("day", java.time.LocalDate.class), rs.getInt("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The first day with an alarm at {@code rig} (a rebuild's start), or null. */
    public java.time.Instant firstRaised(Handle h, String rig) {
        return h.createQuery("SELECT min(raised_at) FROM alarm WHERE rig_id = :rig").bind("rig", rig)
                .mapTo(java.time.Instant.class).findOne().orElse(null);
    }

    /** Alarms open now per rig (the digest). */
    public Map<String, Integer> openPerRig(Handle h) {
        Map<String, Integer> out = new LinkedHashMap<>();
        h.createQuery("SELECT rig_id, count(*) AS n FROM alarm WHERE cleared_at IS NULL GROUP BY rig_id ORDER BY rig_id")
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), rs.getInt("n"))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // ---------------------------------------------------------------- for the alert emails, in their transaction

    /** Alarms whose raise nobody was alerted of yet, oldest first, locked (another hub skips them). */
    public List<AlarmRepository.Alarm> raisesToAlert(Handle h, int limit) {
        return h.createQuery(AlarmRepository.SELECT + " WHERE alerted_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", limit).map((rs, ctx) -> AlarmRepository.alarm(rs)).list();
    }

    /** The raises are alerted; an alarm already cleared by now says so in that email: its clear is alerted too. */
    public void raisesAlerted(Handle h, Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            h.createUpdate("""
                            UPDATE alarm SET alerted_at = :now, clear_alerted_at = CASE WHEN cleared_at IS NOT NULL THEN CAST(:now AS timestamptz) END
                            WHERE id = ANY (:ids)""")
                    .bind("now", now).bindArray("ids", Long.class, List.copyOf(ids)).execute();
        }
    }

    /** Cleared alarms whose raise was alerted and whose clear was not, locked. */
    public List<AlarmRepository.Alarm> clearsToAlert(Handle h, int limit) {
        return h.createQuery(AlarmRepository.SELECT + """
                         WHERE cleared_at IS NOT NULL AND clear_alerted_at IS NULL AND alerted_at IS NOT NULL
                        ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("limit", limit).map((rs, ctx) -> AlarmRepository.alarm(rs)).list();
    }

    public void clearsAlerted(Handle h, Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            h.createUpdate("UPDATE alarm SET clear_alerted_at = :now WHERE id = ANY (:ids)")
                    .bind("now", now).bindArray("ids", Long.class, List.copyOf(ids)).execute();
        }
    }

    /** Events not looked at by the alert rules yet, oldest first, locked. */
    public List<NewEvent> eventsToAlert(Handle h, int limit) {
        return h.createQuery("""
                        SELECT id, rig_id, node_id, type, severity, reason, channels, at, alarm_key
                        FROM event WHERE alerted_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    java.sql.Array channels = rs.getArray("channels");
                    return new NewEvent(rs.getLong("id"), rs.getString("rig_id"), rs.getString("node_id"), Event.Type.valueOf(rs.getString("type")),
                            Event.Severity.valueOf(rs.getString("severity")), rs.getString("reason"),
                            channels == null ? List.of() : List.of((String[]) channels.getArray()), AlarmRepository.instant(rs, "at"),
                            rs.getString("alarm_key"));
                })
                .list();
    }

    public void eventsAlerted(Handle h, Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            h.createUpdate("UPDATE event SET alerted_at = :now WHERE id = ANY (:ids)")
                    .bind("now", now).bindArray("ids", Long.class, List.copyOf(ids)).execute();
        }
    }

    /** The open alarms nobody acknowledged (the candidates for escalation), oldest first, locked. */
    public List<AlarmRepository.Alarm> openUnacknowledged(Handle h, int limit) {
        return h.createQuery(AlarmRepository.SELECT + """
                         WHERE cleared_at IS NULL AND acknowledged_at IS NULL
                        ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .bind("limit", limit).map((rs, ctx) -> AlarmRepository.alarm(rs)).list();
    }
}
