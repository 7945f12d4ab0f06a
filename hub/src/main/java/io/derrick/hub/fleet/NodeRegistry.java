package io.derrick.hub.fleet;

import io.derrick.hub.platform.Secrets;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.protocol.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge nodes registered with the hub and their MQTT credentials (an admin's action). A node's MQTT user name is
 * {@code <rig>.<node>} ('.' appears in no id, so the name is unambiguous) and its password a 256-bit random secret,
 * shown once. The registry answers the embedded broker (may this user connect, and as which node?) and the ingest
 * (is this topic's node registered?), and writes Mosquitto's password file and ACL for deployments on Mosquitto.
 */
public final class NodeRegistry {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    /** how often another hub's registrations are picked up by this one's ingest */
    public static final Duration RELOAD = Duration.ofSeconds(30);
    private static final String SELECT = "SELECT rig_id, node_id, username, registered_at, issued_at FROM node_registration";

    /** A registered node as the admin sees it (never with a secret). */
    public record Node(String rig, String node, String username, Instant registeredAt, Instant issuedAt) {
    }

    /** A newly issued credential: the password is shown this once. */
    public record Issued(String rig, String node, String username, String password, List<String> publishes, String reads) {
    }

    private final Database db;
    private final Clock clock;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public NodeRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        reload();
    }

    public static String username(String rig, String node) {
        return rig + "." + node;
    }

    /** Registers a node and issues its credential; registering a registered node issues a new one (the old one ends). */
    public Issued issue(String rig, String node, Actor actor) {
        if (!Ids.isValidId(rig) || !Ids.isValidId(node)) {
            throw new IllegalArgumentException("not a rig and node id: " + rig + "/" + node);
        }
        String password = Secrets.random();
        String username = username(rig, node);
        String mosquitto = mosquittoHash(password);
        Instant now = clock.instant();
        boolean rotated = db.inTransaction(h -> {
            boolean existed = find(h, rig, node).isPresent();
            h.createUpdate("""
                            INSERT INTO node_registration (rig_id, node_id, username, secret_sha256, mosquitto_hash, registered_at, issued_at)
                            VALUES (:rig, :node, :username, :sha, :mosquitto, :now, :now)
                            ON CONFLICT (rig_id, node_id) DO UPDATE
                            SET secret_sha256 = excluded.secret_sha256, mosquitto_hash = excluded.mosquitto_hash, issued_at = excluded.issued_at""")
                    .bind("rig", rig).bind("node", node).bind("username", username).bind("sha", Secrets.sha256(password))
                    .bind("mosquitto", mosquitto).bind("now", now).execute();
            Audit.record(h, now, actor, existed ? "node.rotateCredential" : "node.register", "node", username, null,
                    Map.of("rig", rig, "node", node, "username", username));
            return existed;
        });
        registered.add(username);
        log.info("{} the MQTT credential of {}", rotated ? "rotated" : "issued", username);
        return new Issued(rig, node, username, password, topics(rig, node).publishes(), topics(rig, node).reads());
    }

    /** Removes a node's registration: its credential ends, and its data is rejected from now on. */
    public boolean remove(String rig, String node, Actor actor) {
        Instant now = clock.instant();
        boolean removed = db.inTransaction(h -> {
            if (h.createUpdate("DELETE FROM node_registration WHERE rig_id = :rig AND node_id = :node").bind("rig", rig).bind("node", node)
                    .execute() == 0) {
                return false;
            }
            Audit.record(h, now, actor, "node.remove", "node", username(rig, node), Map.of("rig", rig, "node", node), null);
            return true;
        });
        registered.remove(username(rig, node));
        return removed;
    }

    public Optional<Node> get(String rig, String node) {
        return db.read(h -> find(h, rig, node));
    }

    public List<Node> list() {
        return db.read(h -> h.createQuery(SELECT + " ORDER BY rig_id, node_id").map((rs, ctx) -> node(rs)).list());
    }

    /** The node a broker user name and password stand for, when they are a registered node's current credential. */
    public Optional<Node> authenticate(String username, byte[] password) {
        int dot = username == null ? -1 : username.indexOf('.');
        if (dot <= 0 || password == null) {
            return Optional.empty();
        }
        try {
            record Row(Node node, byte[] sha) {
            }
            return db.read(h -> h.createQuery(SELECT.replace(" FROM", ", secret_sha256 FROM") + " WHERE username = ?").bind(0, username)
                            .map((rs, ctx) -> new Row(node(rs), rs.getBytes("secret_sha256"))).findOne())
                    .filter(row -> MessageDigest.isEqual(row.sha(), Secrets.sha256(password))).map(Row::node);
        } catch (JdbiException e) {
            log.warn("cannot check the broker credential of {}: {}", username, Database.describe(e));
            return Optional.empty();
        }
    }

    /**
     * True when {@code rig}/{@code node} is registered: from memory (the ingest asks for every message), kept current by
     * this hub's changes and by {@link #reload()}, which every hub runs every {@link #RELOAD} for other hubs' changes.
     */
    public boolean isRegistered(String rig, String node) {
        return registered.contains(username(rig, node));
    }

    /** Reads the registered nodes again (registrations made or removed by another hub on the same database). */
    public void reload() {
        Set<String> now = Set.copyOf(db.read(h -> h.createQuery("SELECT username FROM node_registration").mapTo(String.class).list()));
        registered.retainAll(now);
        registered.addAll(now);
    }

    /** What a node may do on the broker: publish its own data, events, state and birth; read its own commands. */
    public record Topics(List<String> publishes, String reads) {
    }

    public static Topics topics(String rig, String node) {
        String base = "derrick/v1/" + rig + "/" + node + "/";
        return new Topics(List.of(base + "data", base + "event", base + "state", base + "birth"), base + "cmd");
    }

    /** Mosquitto's password file: one {@code user:$7$…} line per registered node, then the hub's own line if given. */
    public String mosquittoPasswordFile(String hubUser, String hubPasswordHash) {
        StringBuilder out = new StringBuilder();
        db.read(h -> h.createQuery("SELECT username, mosquitto_hash FROM node_registration ORDER BY username")
                        .map((rs, ctx) -> rs.getString(1) + ":" + rs.getString(2)).list())
                .forEach(line -> out.append(line).append('\n'));
        if (hubUser != null && hubPasswordHash != null) {
            out.append(hubUser).append(':').append(hubPasswordHash).append('\n');
        }
        return out.toString();
    }

    /** Mosquitto's ACL: per node, its own topics; for the hub's user, every node's topics to read and their commands to write. */
    public String mosquittoAcl(String hubUser) {
        StringBuilder out = new StringBuilder("# written by the Derrick hub: one block per registered edge node\n");
        for (Node n : list()) {
            Topics t = topics(n.rig(), n.node());
            out.append("\nuser ").append(n.username()).append('\n');
            t.publishes().forEach(topic -> out.append("topic write ").append(topic).append('\n'));
            out.append("topic read ").append(t.reads()).append('\n');
        }
        out.append("\n# the hub reads everything and writes commands\nuser ").append(hubUser).append('\n')
                .append("topic read derrick/v1/#\ntopic write derrick/v1/+/+/cmd\n");
        return out.toString();
    }

    /** Mosquitto 2's password hash: {@code $7$} (PBKDF2-HMAC-SHA512), 101 iterations like mosquitto_passwd, 12-byte salt. */
    public static String mosquittoHash(String password) {
        byte[] salt = Secrets.bytes(12);
        byte[] hash = Secrets.pbkdf2("PBKDF2WithHmacSHA512", password, salt, 101, 512);
        return "$7$101$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash);
    }

    private static Optional<Node> find(Handle h, String rig, String node) {
        return h.createQuery(SELECT + " WHERE rig_id = :rig AND node_id = :node").bind("rig", rig).bind("node", node)
                .map((rs, ctx) -> node(rs)).findOne();
    }

    private static Node node(ResultSet rs) throws SQLException {
        return new Node(rs.getString("rig_id"), rs.getString("node_id"), rs.getString("username"), FleetRepository.instant(rs, "registered_at"),
                FleetRepository.instant(rs, "issued_at"));
    }
}
