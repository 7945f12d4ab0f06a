package io.derrick.hub.fleet;

import io.derrick.hub.audit.Actor;
import io.derrick.hub.audit.Audit;
import io.derrick.hub.db.Database;

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

/** The operators the contractor drills for, and which rig drills for whom (what a client's users may see). */
public final class Clients {
    public record Client(String id, String name, Instant createdAt, List<String> rigs) {
    }

    /** Why a change was refused, with the field it is about. */
    public static final class Refused extends RuntimeException {
        private final String field;
        private final boolean notFound;

        Refused(String field, String message, boolean notFound) {
            super(message);
            this.field = field;
            this.notFound = notFound;
        }

        public String field() {
            return field;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final Database db;

    public Clients(Database db) {
        this.db = db;
    }

    public List<Client> list() throws SQLException {
        return db.transaction(c -> {
            Map<String, List<String>> rigs = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, client_id FROM rig WHERE client_id IS NOT NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rigs.computeIfAbsent(rs.getString("client_id"), k -> new ArrayList<>()).add(rs.getString("id"));
                }
            }
            List<Client> clients = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created_at FROM client ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    clients.add(new Client(id, rs.getString("name"), rs.getTimestamp("created_at").toInstant(), rigs.getOrDefault(id, List.of())));
                }
            }
            return clients;
        });
    }

    public Client create(String id, String name, Actor actor) throws SQLException {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO client (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, name);
                if (ps.executeUpdate() == 0) {
                    throw new Refused("id", "a client " + id + " exists already", false);
                }
            }
            Client created = new Client(id, name, Instant.now(), List.of());
            Audit.record(c, actor, "client.create", "client", id, null, Map.of("id", id, "name", name));
            return created;
        });
    }

    /** Puts {@code rig} under {@code client} (null: no client). Returns the client the rig had before. */
    public Optional<String> assign(String rig, String client, Actor actor) throws SQLException {
        return db.transaction(c -> {
            String before;
            try (PreparedStatement ps = c.prepareStatement("SELECT client_id FROM rig WHERE id = ? FOR UPDATE")) {
                ps.setString(1, rig);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new Refused("rig", "no rig " + rig, true);
                    }
                    before = rs.getString(1);
                }
            }
            if (client != null && !exists(c, client)) {
                throw new Refused("client", "no client " + client + "; create it first (POST /api/admin/clients)", false);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE rig SET client_id = ? WHERE id = ?")) {
                ps.setString(1, client);
                ps.setString(2, rig);
                ps.executeUpdate();
            }
            Map<String, Object> was = new LinkedHashMap<>();
            was.put("client", before);
            Map<String, Object> now = new LinkedHashMap<>();
            now.put("client", client);
            Audit.record(c, actor, "rig.assignClient", "rig", rig, was, now);
            return Optional.ofNullable(before);
        });
    }

    private static boolean exists(Connection c, String client) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM client WHERE id = ?")) {
            ps.setString(1, client);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
