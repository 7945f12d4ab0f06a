package io.derrick.hub.fleet;

import io.derrick.hub.db.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

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

    /** A rig; {@code client} is the operator it drills for (null: not assigned, seen by the contractor's staff only). */
    public record Rig(String id, String client, Instant firstSeen, Instant lastSeen, List<Node> nodes) {
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
        return db.execute().query("SELECT id, client_id, first_seen, last_seen FROM rig ORDER BY id")
                .map(row -> {
                    String id = row.column("id").getString();
                    return new Rig(id, Rows.string(row, "client_id"), Rows.instant(row, "first_seen"), Rows.instant(row, "last_seen"), nodes.getOrDefault(id, List.of()));
                })
                .toList();
    }

    /** The ids of the rigs drilling for {@code client}. */
    public java.util.Set<String> rigsOf(String client) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        db.execute().query("SELECT id FROM rig WHERE client_id = ?", client).forEach(row -> ids.add(row.column("id").getString()));
        return java.util.Collections.unmodifiableSet(ids);
    }

    public Optional<Rig> rig(String id) {
        return db.execute().get("SELECT id, client_id, first_seen, last_seen FROM rig WHERE id = ?", id)
                .map(row -> new Rig(id, Rows.string(row, "client_id"), Rows.instant(row, "first_seen"), Rows.instant(row, "last_seen"),
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
                Rows.string(row, "unit"), Rows.decimal(row, "range_min"), Rows.decimal(row, "range_max"),
                Rows.string(row, "device"), Rows.string(row, "description"), Rows.instant(row, "latest_at"),
                Rows.decimal(row, "latest_value"), Rows.string(row, "latest_quality"));
    }

    private static Node node(DbRow row) {
        return new Node(row.column("id").getString(), row.column("state").getString(), Rows.instant(row, "state_since"),
                Rows.instant(row, "last_seen"), Rows.string(row, "agent_version"), Rows.integer(row, "backlog_readings"),
                Rows.integer(row, "dropped_readings"), Rows.integer(row, "last_seq"));
    }
}
