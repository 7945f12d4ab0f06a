package io.derrick.hub.alarm;

import io.derrick.hub.db.Database;
import io.derrick.hub.db.Rows;
import io.helidon.dbclient.DbRow;

import io.derrick.hub.audit.Actor;
import io.derrick.hub.audit.Audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alarms as the hub keeps them: lists for the dashboard, one alarm, and the hub's acknowledgement. */
public final class AlarmRepository {
    /** Which alarms a list shows. */
    public enum Filter { OPEN, CLEARED, ALL }

    /** An alarm with its lifecycle state: ACTIVE, ACKNOWLEDGED or CLEARED. */
    public record Alarm(long id, String rig, String node, String key, String source, String type, String severity,
                        String state, List<String> channels, Double score, String reason, Instant raisedAt,
                        Instant acknowledgedAt, String acknowledgedBy, String ackNote, Instant ackConfirmedAt,
                        boolean ackPending, Instant clearedAt, String clearReason) {
    }

    /** Counts of a rig's open alarms, for its tile. */
    public record Summary(int active, int unacknowledged, String worst) {
        public static final Summary NONE = new Summary(0, 0, null);
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

    private final Database db;

    public AlarmRepository(Database db) {
        this.db = db;
    }

    private static final String SELECT = """
            SELECT id, rig_id, node_id, alarm_key, source, type, severity, channels, score, reason, raised_at,
                   acknowledged_at, acknowledged_by, ack_note, ack_confirmed_at, ack_command_id, cleared_at, clear_reason
            FROM alarm""";

    /** Alarms of one rig, or of every rig when {@code rig} is null, limited to {@code rigs} when that is not null. */
    public List<Alarm> list(String rig, java.util.Collection<String> rigs, Filter filter, int limit) {
        String where = switch (filter) {
            case OPEN -> " WHERE cleared_at IS NULL";
            case CLEARED -> " WHERE cleared_at IS NOT NULL";
            case ALL -> " WHERE true";
        };
        String order = " ORDER BY (cleared_at IS NULL) DESC, (acknowledged_at IS NULL) DESC,"
                + " array_position(ARRAY['CRITICAL','WARNING','INFO'], severity), raised_at DESC LIMIT ?";
        if (rigs != null) {
            // rig ids are [a-z0-9_-]: a comma-joined list is unambiguous
            where += " AND rig_id = ANY (string_to_array(?, ','))";
        }
        if (rig != null) {
            where += " AND rig_id = ?";
        }
        List<Object> args = new ArrayList<>();
        if (rigs != null) {
            args.add(String.join(",", rigs));
        }
        if (rig != null) {
            args.add(rig);
        }
        args.add(limit);
        List<Alarm> list = new ArrayList<>();
        db.client().execute().query(SELECT + where + order, args.toArray()).forEach(row -> list.add(alarm(row)));
        return list;
    }

    public Optional<Alarm> get(long id) {
        return db.client().execute().get(SELECT + " WHERE id = ?", id).map(AlarmRepository::alarm);
    }

    /** Per rig: open alarms, how many nobody acknowledged, the worst severity among them. */
    public Map<String, Summary> summaries() {
        Map<String, Summary> byRig = new LinkedHashMap<>();
        db.client().execute().query("""
                SELECT rig_id, count(*) AS active, count(*) FILTER (WHERE acknowledged_at IS NULL) AS unacked,
                       (array_agg(severity ORDER BY array_position(ARRAY['CRITICAL','WARNING','INFO'], severity)))[1] AS worst
                FROM alarm WHERE cleared_at IS NULL GROUP BY rig_id""")
                .forEach(row -> byRig.put(row.column("rig_id").getString(), new Summary(
                        Rows.integer(row, "active").intValue(), Rows.integer(row, "unacked").intValue(), Rows.string(row, "worst"))));
        return byRig;
    }

    public Summary summary(String rig) {
        return summaries().getOrDefault(rig, Summary.NONE);
    }

    /**
     * Acknowledges an open, unacknowledged alarm for {@code by}. An edge alarm also gets an ACK_ALARM command id:
     * the command is due until the node reports the acknowledgement back. The audit trail gets it in the same transaction.
     */
    public AckResult acknowledge(long id, String by, Actor actor) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            Map<String, Object> subject = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rig_id, node_id, alarm_key, source, acknowledged_at, acknowledged_by, cleared_at FROM alarm WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return new AckResult.NotFound();
                    }
                    subject.put("rig", rs.getString("rig_id"));
                    subject.put("node", rs.getString("node_id"));
                    subject.put("key", rs.getString("alarm_key"));
                    if (rs.getTimestamp("cleared_at") != null) {
                        c.rollback();
                        return new AckResult.Refused("alarm " + id + " cleared at " + rs.getTimestamp("cleared_at").toInstant()
                                + "; there is nothing to acknowledge");
                    }
                    if (rs.getTimestamp("acknowledged_at") != null) {
                        c.rollback();
                        return new AckResult.Refused("alarm " + id + " is already acknowledged by " + rs.getString("acknowledged_by")
                                + " at " + rs.getTimestamp("acknowledged_at").toInstant());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE alarm SET acknowledged_at = now(), acknowledged_by = ?, updated_at = now(),
                                     ack_command_id = CASE WHEN source = 'edge' THEN 'ack-' || id END
                    WHERE id = ?""")) {
                ps.setString(1, by);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            Map<String, Object> after = new LinkedHashMap<>(subject);
            subject.put("state", "ACTIVE");
            after.put("state", "ACKNOWLEDGED");
            after.put("acknowledgedBy", by);
            Audit.record(c, actor, "alarm.acknowledge", "alarm", id, subject, after);
            c.commit();
        }
        return new AckResult.Done(get(id).orElseThrow());
    }

    /** A node's edge alarms acknowledged in the hub that it has not reported acknowledged, still open. */
    public List<Alarm> pendingAcks(String rig, String node) {
        List<Alarm> list = new ArrayList<>();
        db.client().execute().query(SELECT + PENDING_ACK + " AND rig_id = ? AND node_id = ?", rig, node).forEach(row -> list.add(alarm(row)));
        return list;
    }

    /** Edge alarms acknowledged in the hub over a minute ago whose node has not confirmed, on every node. */
    public List<Alarm> overdueAcks() {
        List<Alarm> list = new ArrayList<>();
        db.client().execute().query(SELECT + PENDING_ACK + " AND acknowledged_at < now() - interval '1 minute'")
                .forEach(row -> list.add(alarm(row)));
        return list;
    }

    private static final String PENDING_ACK =
            " WHERE source = 'edge' AND ack_command_id IS NOT NULL AND ack_confirmed_at IS NULL AND cleared_at IS NULL";

    static Alarm alarm(DbRow row) {
        Instant acked = Rows.instant(row, "acknowledged_at");
        Instant cleared = Rows.instant(row, "cleared_at");
        Instant confirmed = Rows.instant(row, "ack_confirmed_at");
        String state = cleared != null ? "CLEARED" : acked != null ? "ACKNOWLEDGED" : "ACTIVE";
        return new Alarm(row.column("id").getLong(), row.column("rig_id").getString(), row.column("node_id").getString(),
                row.column("alarm_key").getString(), row.column("source").getString(), row.column("type").getString(),
                row.column("severity").getString(), state, Rows.strings(row, "channels"), Rows.decimal(row, "score"),
                row.column("reason").getString(), Rows.instant(row, "raised_at"), acked, Rows.string(row, "acknowledged_by"),
                Rows.string(row, "ack_note"), confirmed, Rows.string(row, "ack_command_id") != null && confirmed == null && cleared == null,
                cleared, Rows.string(row, "clear_reason"));
    }
}
