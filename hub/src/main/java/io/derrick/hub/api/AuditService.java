package io.derrick.hub.api;

import io.derrick.hub.db.Rows;
import io.derrick.hub.security.Role;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/audit}: the audit trail, newest first, filtered by actor, action, entity, time; paged with
 * {@code before} (an id). Read-only: the API has no route that changes it.
 */
final class AuditService {
    private final DbClient db;

    AuditService(DbClient db) {
        this.db = db;
    }

    void routes(ApiRoutes api) {
        api.get("/audit", Access.roles(Role.ADMIN, Role.MANAGER), this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("actor", "action", "entity", "entityId", "from", "to", "before", "limit"));
        Instant from = p.instant("from", null);
        Instant to = p.instant("to", null);
        int limit = p.integer("limit", 100, 1, 1000);
        int before = p.integer("before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        p.check();
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, actor_id, actor, via, address, action, entity, entity_id, before::text AS before, after::text AS after
                FROM audit_log WHERE id < ?""");
        List<Object> args = new ArrayList<>();
        args.add((long) before);
        for (String name : List.of("actor", "action", "entity", "entityId")) {
            String value = req.query().first(name).orElse(null);
            if (value != null && !value.isBlank()) {
                String column = name.equals("entityId") ? "entity_id" : name;
                // "user.*" matches every user action
                if (name.equals("action") && value.endsWith(".*")) {
                    sql.append(" AND action LIKE ?");
                    args.add(value.substring(0, value.length() - 1) + "%");
                } else {
                    sql.append(" AND ").append(column).append(" = ?");
                    args.add(value);
                }
            }
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(java.sql.Timestamp.from(to));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        List<Map<String, Object>> rows = new ArrayList<>();
        db.execute().query(sql.toString(), args.toArray()).forEach(row -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", row.column("id").getLong());
            r.put("at", Rows.instant(row, "at"));
            r.put("actorId", Rows.integer(row, "actor_id"));
            r.put("actor", row.column("actor").getString());
            r.put("via", row.column("via").getString());
            r.put("address", Rows.string(row, "address"));
            r.put("action", row.column("action").getString());
            r.put("entity", row.column("entity").getString());
            r.put("entityId", Rows.string(row, "entity_id"));
            r.put("before", tree(Rows.string(row, "before")));
            r.put("after", tree(Rows.string(row, "after")));
            rows.add(r);
        });
        Jsons.send(res, rows);
    }

    private static Object tree(String json) {
        try {
            return json == null ? null : Jsons.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }
}
