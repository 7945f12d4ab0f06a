package io.derrick.hub.fleet;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operators the contractor drills for (a client's users see its rigs, and nothing else). */
public final class Clients {
    /** A client id: what the API and the database accept. */
    public static final String ID = "[a-z0-9][a-z0-9-]{0,62}";

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
    private final Clock clock;

    public Clients(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public List<Client> list() {
        return db.read(h -> {
            Map<String, List<String>> rigs = new LinkedHashMap<>();
            h.createQuery("SELECT id, client_id FROM rig WHERE client_id IS NOT NULL ORDER BY id")
                    .map((rs, ctx) -> Map.entry(rs.getString("client_id"), rs.getString("id")))
                    .forEach(e -> rigs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return h.createQuery("SELECT id, name, created_at FROM client ORDER BY id")
                    .map((rs, ctx) -> new Client(rs.getString("id"), rs.getString("name"), FleetRepository.instant(rs, "created_at"),
                            rigs.getOrDefault(rs.getString("id"), List.of())))
                    .list();
        });
    }

    public boolean exists(String id) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM client WHERE id = ?").bind(0, id).mapTo(Integer.class).one() > 0);
    }

    public Client create(String id, String name, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO client (id, name, created_at) VALUES (:id, :name, :now) ON CONFLICT (id) DO NOTHING")
                    .bind("id", id).bind("name", name).bind("now", now).execute();
            if (inserted == 0) {
                throw new Refused("id", "a client " + id + " exists already", false);
            }
            Audit.record(h, now, actor, "client.create", "client", id, null, Map.of("id", id, "name", name));
            return new Client(id, name, now, List.of());
        });
    }
}
