package io.derrick.hub.fleet;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fleet registry as the ingest keeps it: rigs, their edge nodes and channels with latest values. */
public final class FleetRepository {
    public record Node(String id, String state, Instant stateSince, Instant lastSeen, String agentVersion,
                       Long backlogReadings, Long droppedReadings, Long lastSeq) {
    }

    public record Channel(String node, String mnemonic, String unit, Double rangeMin, Double rangeMax, String device,
                          String description, Instant latestAt, Double latestValue, String latestQuality) {
    }

    public record Rig(String id, Instant firstSeen, Instant lastSeen, List<Node> nodes) {
        public boolean online() {
            return nodes.stream().anyMatch(n -> "ONLINE".equals(n.state()));
        }
    }

    private final DbClient db;

    public FleetRepository(DbClient db) {
        this.db = db;
    }

    public List<Rig> rigs() {
        Map<String, List<Node>> nodes = new LinkedHashMap<>();
        db.execute().query("SELECT * FROM node ORDER BY rig_id, id")
                .forEach(row -> nodes.computeIfAbsent(row.column("rig_id").getString(), k -> new ArrayList<>()).add(node(row)));
        return db.execute().query("SELECT id, first_seen, last_seen FROM rig ORDER BY id")
                .map(row -> {
                    String id = row.column("id").getString();
                    return new Rig(id, instant(row, "first_seen"), instant(row, "last_seen"), nodes.getOrDefault(id, List.of()));
                })
                .toList();
    }

    public Optional<Rig> rig(String id) {
        return db.execute().get("SELECT id, first_seen, last_seen FROM rig WHERE id = ?", id)
                .map(row -> new Rig(id, instant(row, "first_seen"), instant(row, "last_seen"),
                        db.execute().query("SELECT * FROM node WHERE rig_id = ? ORDER BY id", id).map(FleetRepository::node).toList()));
    }

    public List<Channel> channels(String rig) {
        return db.execute().query(CHANNELS + " WHERE rig_id = ? ORDER BY mnemonic, node_id", rig)
                .map(FleetRepository::channel).toList();
    }

    /** Every rig's channels in one query (the fleet view), by rig id. */
    public Map<String, List<Channel>> channelsByRig() {
        Map<String, List<Channel>> byRig = new LinkedHashMap<>();
        db.execute().query(CHANNELS + " ORDER BY rig_id, mnemonic, node_id")
                .forEach(row -> byRig.computeIfAbsent(row.column("rig_id").getString(), k -> new ArrayList<>()).add(channel(row)));
        return byRig;
    }

    private static final String CHANNELS = """
            SELECT rig_id, node_id, mnemonic, unit, range_min, range_max, device, description,
                   latest_at, latest_value, latest_quality
            FROM channel""";

    private static Channel channel(DbRow row) {
        return new Channel(row.column("node_id").getString(), row.column("mnemonic").getString(),
                nullableString(row, "unit"), nullableDouble(row, "range_min"), nullableDouble(row, "range_max"),
                nullableString(row, "device"), nullableString(row, "description"), instant(row, "latest_at"),
                nullableDouble(row, "latest_value"), nullableString(row, "latest_quality"));
    }

    private static Node node(DbRow row) {
        return new Node(row.column("id").getString(), row.column("state").getString(), instant(row, "state_since"),
                instant(row, "last_seen"), nullableString(row, "agent_version"), nullableLong(row, "backlog_readings"),
                nullableLong(row, "dropped_readings"), nullableLong(row, "last_seq"));
    }

    static Instant instant(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Timestamp t ? t.toInstant() : null;
    }

    static String nullableString(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : value.toString();
    }

    static Double nullableDouble(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    static Long nullableLong(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Number n ? n.longValue() : null;
    }
}
