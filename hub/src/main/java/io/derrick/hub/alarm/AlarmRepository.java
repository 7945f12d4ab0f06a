package io.derrick.hub.alarm;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alarms as the hub keeps them, and the rigs' events: lists for the dashboard, one alarm, and the hub's acknowledgement. */
public final class AlarmRepository {
    /** Which alarms a list shows. */
    public enum Filter { OPEN, CLEARED, ALL }

    /** An alarm with its lifecycle state: ACTIVE, ACKNOWLEDGED or CLEARED. */
    public record Alarm(long id, String rig, String node, String key, String source, String type, String severity,
                        String state, List<String> channels, Double score, String reason, Instant raisedAt,
                        Instant acknowledgedAt, String acknowledgedBy, String ackNote, Instant ackConfirmedAt,
                        boolean ackPending, Instant clearedAt, String clearReason) {
    }

    /** An event a rig sent, as the rig view lists them. */
    public record RigEvent(String node, long seq, Instant at, String type, String severity, String reason, Double score, String alarm) {
    }

    /** Why an acknowledgement was refused (HTTP 409), or the acknowledged alarm. */
    public sealed interface AckResult {
        record Done(Alarm alarm) implements AckResult {
        }

        record NotFound() implements AckResult {
        }

        record Refused(String reason) implements AckResult {
        }
    }

    /** An acknowledgement the rig has not confirmed is sent again after this. */
    static final Duration ACK_RESEND = Duration.ofMinutes(1);

    private final Database db;
    private final Clock clock;

    public AlarmRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    static final String SELECT = """
            SELECT id, rig_id, node_id, alarm_key, source, type, severity, channels, score, reason, raised_at,
                   acknowledged_at, acknowledged_by, ack_note, ack_confirmed_at, ack_command_id, cleared_at, clear_reason
            FROM alarm""";

    /** Alarms of one rig, or of every rig when {@code rig} is null, limited to {@code rigs} when that is not null. */
    public List<Alarm> list(String rig, Collection<String> rigs, Filter filter, int limit) {
        String where = switch (filter) {
            case OPEN -> " WHERE cleared_at IS NULL";
            case CLEARED -> " WHERE cleared_at IS NOT NULL";
            case ALL -> " WHERE true";
        };
        if (rigs != null) {
            where += " AND rig_id = ANY (:rigs)";
        }
        if (rig != null) {
            where += " AND rig_id = :rig";
        }
        String sql = SELECT + where + " ORDER BY (cleared_at IS NULL) DESC, (acknowledged_at IS NULL) DESC,"
                + " array_position(ARRAY['CRITICAL','WARNING','INFO'], severity), raised_at DESC LIMIT :limit";
        return db.read(h -> {
            var q = h.createQuery(sql).bind("limit", limit);
            if (rigs != null) {
                q.bindArray("rigs", String.class, List.copyOf(rigs));
            }
            if (rig != null) {
                q.bind("rig", rig);
            }
            return q.map((rs, ctx) -> alarm(rs)).list();
        });
    }

    public Optional<Alarm> get(long id) {
        return db.read(h -> h.createQuery(SELECT + " WHERE id = ?").bind(0, id).map((rs, ctx) -> alarm(rs)).findOne());
    }

    /** A rig's latest events, newest first. */
    public List<RigEvent> events(String rig, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT node_id, seq, at, type, severity, channels, score, reason, alarm_key
                        FROM event WHERE rig_id = ? ORDER BY at DESC LIMIT ?""")
                .bind(0, rig).bind(1, limit)
                .map((rs, ctx) -> new RigEvent(rs.getString("node_id"), rs.getLong("seq"), instant(rs, "at"), rs.getString("type"),
                        rs.getString("severity"), rs.getString("reason"), decimal(rs, "score"), rs.getString("alarm_key")))
                .list());
    }

    /**
     * Acknowledges an open, unacknowledged alarm for {@code by}. An edge alarm also gets an ACK_ALARM command id:
     * the command is due until the node reports the acknowledgement back. The audit trail gets it in the same transaction.
     */
    public AckResult acknowledge(long id, String by, Actor actor) {
        Instant now = clock.instant();
        AckResult result = db.inTransaction(h -> {
            record Row(String rig, String node, String key, Instant ackedAt, String ackedBy, Instant clearedAt) {
            }
            Optional<Row> row = h.createQuery("SELECT rig_id, node_id, alarm_key, acknowledged_at, acknowledged_by, cleared_at FROM alarm WHERE id = ? FOR UPDATE")
                    .bind(0, id)
                    .map((rs, ctx) -> new Row(rs.getString("rig_id"), rs.getString("node_id"), rs.getString("alarm_key"),
                            instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), instant(rs, "cleared_at")))
                    .findOne();
            if (row.isEmpty()) {
                return new AckResult.NotFound();
            }
            Row r = row.get();
            if (r.clearedAt() != null) {
                return new AckResult.Refused("alarm " + id + " cleared at " + r.clearedAt() + "; there is nothing to acknowledge");
            }
            if (r.ackedAt() != null) {
                return new AckResult.Refused("alarm " + id + " is already acknowledged by " + r.ackedBy() + " at " + r.ackedAt());
            }
            h.createUpdate("""
                            UPDATE alarm SET acknowledged_at = :now, acknowledged_by = :by, updated_at = :now,
                                             ack_command_id = CASE WHEN source = 'edge' THEN 'ack-' || id END
                            WHERE id = :id""")
                    .bind("now", now).bind("by", by).bind("id", id).execute();
            Map<String, Object> before = new LinkedHashMap<>(Map.of("rig", r.rig(), "node", r.node(), "key", r.key()));
            Map<String, Object> after = new LinkedHashMap<>(before);
            before.put("state", "ACTIVE");
            after.put("state", "ACKNOWLEDGED");
            after.put("acknowledgedBy", by);
            Audit.record(h, now, actor, "alarm.acknowledge", "alarm", id, before, after);
            return null;
        });
        return result != null ? result : new AckResult.Done(get(id).orElseThrow());
    }

    /** A node's edge alarms acknowledged in the hub that it has not reported acknowledged, still open. */
    public List<Alarm> pendingAcks(String rig, String node) {
        return db.read(h -> h.createQuery(SELECT + PENDING_ACK + " AND rig_id = :rig AND node_id = :node")
                .bind("rig", rig).bind("node", node).map((rs, ctx) -> alarm(rs)).list());
    }

    /** Edge alarms acknowledged in the hub over {@link #ACK_RESEND} ago whose node has not confirmed, on every node. */
    public List<Alarm> overdueAcks(Instant now) {
        return db.read(h -> h.createQuery(SELECT + PENDING_ACK + " AND acknowledged_at < :before")
                .bind("before", now.minus(ACK_RESEND)).map((rs, ctx) -> alarm(rs)).list());
    }

    private static final String PENDING_ACK =
            " WHERE source = 'edge' AND ack_command_id IS NOT NULL AND ack_confirmed_at IS NULL AND cleared_at IS NULL";

    static Alarm alarm(ResultSet rs) throws SQLException {
        Instant acked = instant(rs, "acknowledged_at");
        Instant cleared = instant(rs, "cleared_at");
        Instant confirmed = instant(rs, "ack_confirmed_at");
        String state = cleared != null ? "CLEARED" : acked != null ? "ACKNOWLEDGED" : "ACTIVE";
        java.sql.Array channels = rs.getArray("channels");
        return new Alarm(rs.getLong("id"), rs.getString("rig_id"), rs.getString("node_id"), rs.getString("alarm_key"), rs.getString("source"),
                rs.getString("type"), rs.getString("severity"), state, channels == null ? List.of() : List.of((String[]) channels.getArray()),
                decimal(rs, "score"), rs.getString("reason"), instant(rs, "raised_at"), acked, rs.getString("acknowledged_by"),
                rs.getString("ack_note"), confirmed, rs.getString("ack_command_id") != null && confirmed == null && cleared == null,
                cleared, rs.getString("clear_reason"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Double decimal(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
