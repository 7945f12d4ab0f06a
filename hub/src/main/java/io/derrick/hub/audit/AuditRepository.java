package io.derrick.hub.audit;

import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Jsons;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail as read back (the platform's {@code Audit} writes it, in each write's transaction). */
final class AuditRepository {
    /**
     * Which entries: each field null for any; {@code action} ending in {@code .*} matches a prefix ({@code user.*});
     * {@code from} inclusive, {@code to} exclusive; {@code before} an id, for paging back.
     */
    record Filter(String actor, String action, String entity, String entityId, Instant from, Instant to, long before, int limit) {
    }

    private final Database db;

    AuditRepository(Database db) {
        this.db = db;
    }

    /** Newest first. */
    List<Map<String, Object>> list(Filter f) {
        boolean prefix = f.action() != null && f.action().endsWith(".*");
        String action = prefix ? f.action().substring(0, f.action().length() - 1) + "%" : f.action();
        return db.read(h -> h.createQuery("""
                        SELECT id, at, actor_id, actor, via, address, action, entity, entity_id, before::text AS before, after::text AS after
                        FROM audit_log
                        WHERE id < :before
                          AND (CAST(:actor AS text) IS NULL OR actor = :actor)
                          AND (CAST(:action AS text) IS NULL OR (CASE WHEN :prefix THEN action LIKE :action ELSE action = :action END))
                          AND (CAST(:entity AS text) IS NULL OR entity = :entity)
                          AND (CAST(:entityId AS text) IS NULL OR entity_id = :entityId)
                          AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)
                          AND (CAST(:to AS timestamptz) IS NULL OR at < :to)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("before", f.before()).bind("actor", f.actor()).bind("action", action).bind("prefix", prefix)
                .bind("entity", f.entity()).bind("entityId", f.entityId()).bind("from", f.from()).bind("to", f.to())
                .bind("limit", f.limit())
                .map((rs, ctx) -> entry(rs)).list());
    }

    private static Map<String, Object> entry(ResultSet rs) throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", rs.getLong("id"));
        r.put("at", rs.getTimestamp("at").toInstant());
        r.put("actorId", (Long) rs.getObject("actor_id"));
        r.put("actor", rs.getString("actor"));
        r.put("via", rs.getString("via"));
        r.put("address", rs.getString("address"));
        r.put("action", rs.getString("action"));
        r.put("entity", rs.getString("entity"));
        r.put("entityId", rs.getString("entity_id"));
        r.put("before", tree(rs.getString("before")));
        r.put("after", tree(rs.getString("after")));
        return r;
    }

    private static Object tree(String json) {
        try {
            return json == null ? null : Jsons.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }
}
