package io.derrick.hub.fleet;

import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The fleet: rigs (created by an admin or by first telemetry), their edge nodes, and channels with latest values. */
public final class FleetRepository implements io.derrick.hub.platform.web.RigScope.Directory {
    public record Node(String id, String state, Instant stateSince, Instant lastSeen, String agentVersion,
                       Long backlogReadings, Long droppedReadings, Long lastSeq) {
    }

    public record Channel(String node, String mnemonic, String unit, Double rangeMin, Double rangeMax, String device,
                          String description, Instant latestAt, Double latestValue, String latestQuality) {
    }

    /**
     * A rig; {@code client} is the operator it drills for (null: not assigned, seen by the contractor's staff only), the
     * time zone and shift pattern are where and how its crews work (day shift from {@code dayShiftStart}, night shift
     * from {@code nightShiftStart}); {@code firstSeen} is null until it has sent anything.
     */
    public record Rig(String id, String name, String client, ZoneId timeZone, LocalTime dayShiftStart, LocalTime nightShiftStart,
                      Instant createdAt, String createdBy, Instant firstSeen, Instant lastSeen, List<Node> nodes) {
        public boolean online() {
            return nodes.stream().anyMatch(n -> "ONLINE".equals(n.state()));
        }
    }

    private static final String RIGS = """
            SELECT id, name, client_id, time_zone, day_shift_start, night_shift_start, created_at, created_by, first_seen, last_seen
            FROM rig""";

    private final Database db;

    public FleetRepository(Database db) {
        this.db = db;
    }

    public List<Rig> rigs() {
        return db.read(h -> {
            Map<String, List<Node>> nodes = new LinkedHashMap<>();
            h.createQuery("SELECT * FROM node ORDER BY rig_id, id")
                    .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), node(rs)))
                    .forEach(e -> nodes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return h.createQuery(RIGS + " ORDER BY id").map((rs, ctx) -> rig(rs, nodes.getOrDefault(rs.getString("id"), List.of()))).list();
        });
    }

    public Optional<Rig> rig(String id) {
        return db.read(h -> rig(h, id));
    }

    static Optional<Rig> rig(Handle h, String id) {
        List<Node> nodes = h.createQuery("SELECT * FROM node WHERE rig_id = ? ORDER BY id").bind(0, id).map((rs, ctx) -> node(rs)).list();
        return h.createQuery(RIGS + " WHERE id = ?").bind(0, id).map((rs, ctx) -> rig(rs, nodes)).findOne();
    }

    /** The ids of the rigs drilling for {@code client}. */
    @Override
    public Set<String> rigsOf(String client) {
        return Set.copyOf(db.read(h -> h.createQuery("SELECT id FROM rig WHERE client_id = ?").bind(0, client).mapTo(String.class).list()));
    }

    /** The client a rig drills for ("" for none), or empty when there is no such rig. */
    @Override
    public Optional<String> clientOf(String rig) {
        return db.read(h -> h.createQuery("SELECT coalesce(client_id, '') FROM rig WHERE id = ?").bind(0, rig).mapTo(String.class).findOne());
    }

    public List<Channel> channels(String rig) {
        return db.read(h -> h.createQuery(CHANNELS + " WHERE rig_id = ? ORDER BY mnemonic, node_id").bind(0, rig)
                .map((rs, ctx) -> channel(rs)).list());
    }

    /** Every rig's channels in one query (the fleet view), by rig id. */
    public Map<String, List<Channel>> channelsByRig() {
        Map<String, List<Channel>> byRig = new LinkedHashMap<>();
        db.read(h -> h.createQuery(CHANNELS + " ORDER BY rig_id, mnemonic, node_id")
                .map((rs, ctx) -> Map.entry(rs.getString("rig_id"), channel(rs))).list())
                .forEach(e -> byRig.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byRig;
    }

    private static final String CHANNELS = """
            SELECT rig_id, node_id, mnemonic, unit, range_min, range_max, device, description,
                   latest_at, latest_value, latest_quality
            FROM channel""";

    private static Rig rig(ResultSet rs, List<Node> nodes) throws SQLException {
        return new Rig(rs.getString("id"), rs.getString("name"), rs.getString("client_id"), ZoneId.of(rs.getString("time_zone")),
                rs.getObject("day_shift_start", LocalTime.class), rs.getObject("night_shift_start", LocalTime.class),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "first_seen"), instant(rs, "last_seen"), nodes);
    }

    private static Channel channel(ResultSet rs) throws SQLException {
        return new Channel(rs.getString("node_id"), rs.getString("mnemonic"), rs.getString("unit"), decimal(rs, "range_min"),
                decimal(rs, "range_max"), rs.getString("device"), rs.getString("description"), instant(rs, "latest_at"),
                decimal(rs, "latest_value"), rs.getString("latest_quality"));
    }

    private static Node node(ResultSet rs) throws SQLException {
        return new Node(rs.getString("id"), rs.getString("state"), instant(rs, "state_since"), instant(rs, "last_seen"),
                rs.getString("agent_version"), integer(rs, "backlog_readings"), integer(rs, "dropped_readings"), integer(rs, "last_seq"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Double decimal(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Long integer(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
