package io.derrick.hub.fleet;

import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.NodeState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * What the ingest writes into the fleet's tables, in the ingest's transaction (its connection): a rig and node seen,
 * a birth (agent version, channels with units), a state change, the channels' latest values, a node's last seq and
 * backlog. Plain JDBC with batches: this is the ingest's hot path (docs/architecture.md).
 */
public final class FleetLedger {
    /** The newest reading of a channel in a group of messages. */
    public record Latest(long timeMs, double value, char quality) {
        public static Latest newer(Latest a, Latest b) {
            return b.timeMs >= a.timeMs ? b : a;
        }
    }

    private FleetLedger() {
    }

    /** The rig and the node are heard from at {@code now} (a rig first heard of this way is registered by telemetry). */
    public static void seen(Connection c, String rig, String node, Instant now) throws SQLException {
        Timestamp t = Timestamp.from(now);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rig (id, name, first_seen, last_seen, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, first_seen = coalesce(rig.first_seen, excluded.first_seen)""")) {
            ps.setString(1, rig);
            ps.setString(2, rig);
            ps.setTimestamp(3, t);
            ps.setTimestamp(4, t);
            ps.setTimestamp(5, t);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node (rig_id, id, last_seen) VALUES (?, ?, ?) ON CONFLICT (rig_id, id) DO UPDATE SET last_seen = excluded.last_seen")) {
            ps.setString(1, rig);
            ps.setString(2, node);
            ps.setTimestamp(3, t);
            ps.executeUpdate();
        }
    }

    public static void birth(Connection c, Birth b, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE node SET agent_version = ?, config_hash = ?, boot_time = ?, backlog_readings = ?,
                                dropped_readings = ?, last_seen = ?
                WHERE rig_id = ? AND id = ?""")) {
            ps.setString(1, b.agentVersion());
            ps.setString(2, b.configHash());
            ps.setTimestamp(3, Timestamp.from(b.bootTime()));
            ps.setLong(4, b.backlogReadings());
            ps.setLong(5, b.droppedReadings());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, b.rig());
            ps.setString(8, b.node());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO channel (rig_id, node_id, mnemonic, unit, range_min, range_max, device, description)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (rig_id, node_id, mnemonic) DO UPDATE SET unit = excluded.unit,
                    range_min = excluded.range_min, range_max = excluded.range_max,
                    device = excluded.device, description = excluded.description""")) {
            for (ChannelSpec spec : b.channels()) {
                ps.setString(1, b.rig());
                ps.setString(2, b.node());
                ps.setString(3, spec.mnemonic());
                ps.setString(4, spec.unit());
                ps.setDouble(5, spec.min());
                ps.setDouble(6, spec.max());
                ps.setString(7, spec.device());
                ps.setString(8, spec.description());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static void state(Connection c, NodeState s, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE node SET state = ?, state_since = CASE WHEN state = ? THEN state_since ELSE ? END
                WHERE rig_id = ? AND id = ?""")) {
            ps.setString(1, s.state().name());
            ps.setString(2, s.state().name());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, s.rig());
            ps.setString(5, s.node());
            ps.executeUpdate();
        }
    }

    /** The id of a channel, registered now if the node never announced it. */
    public static int channelId(Connection c, String rig, String node, String mnemonic) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO channel (rig_id, node_id, mnemonic) VALUES (?, ?, ?)
                ON CONFLICT (rig_id, node_id, mnemonic) DO UPDATE SET mnemonic = excluded.mnemonic
                RETURNING id""")) {
            ps.setString(1, rig);
            ps.setString(2, node);
            ps.setString(3, mnemonic);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The channels' newest values, unless a newer one is stored already. */
    public static void latest(Connection c, Map<Integer, Latest> latest) throws SQLException {
        if (latest.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE channel SET latest_at = ?, latest_value = ?, latest_quality = ?
                WHERE id = ? AND (latest_at IS NULL OR latest_at <= ?)""")) {
            for (Map.Entry<Integer, Latest> e : latest.entrySet()) {
                Timestamp at = new Timestamp(e.getValue().timeMs());
                ps.setTimestamp(1, at);
                ps.setDouble(2, e.getValue().value());
                ps.setString(3, String.valueOf(e.getValue().quality()));
                ps.setInt(4, e.getKey());
                ps.setTimestamp(5, at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Each node's highest seq stored and the backlog its latest batch reported ({@code rig \0 node} keys). */
    public static void progress(Connection c, Map<String, Long> lastSeq, Map<String, Long> backlog) throws SQLException {
        updateNodes(c, "UPDATE node SET last_seq = GREATEST(coalesce(last_seq, -1), ?) WHERE rig_id = ? AND id = ?", lastSeq);
        updateNodes(c, "UPDATE node SET backlog_readings = ? WHERE rig_id = ? AND id = ?", backlog);
    }

    private static void updateNodes(Connection c, String sql, Map<String, Long> figures) throws SQLException {
        if (figures.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<String, Long> e : figures.entrySet()) {
                String[] key = e.getKey().split("\u0000");
                ps.setLong(1, e.getValue());
                ps.setString(2, key[0]);
                ps.setString(3, key[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
