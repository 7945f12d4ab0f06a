package io.derrick.hub.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jdbi.v3.core.Handle;

import java.time.Instant;

/**
 * The audit trail's writer, for every feature: one row per write, in the transaction of the write (pass its handle), so
 * that a write without its audit row, or an audit row of a write that was rolled back, cannot exist. The table is
 * append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). The audit feature reads it (audit/).
 */
public final class Audit {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Audit() {
    }

    /**
     * Records {@code action} (e.g. {@code user.create}, {@code alarm.acknowledge}) on {@code entity}/{@code entityId} at
     * {@code at}; {@code before} and {@code after} are the entity as the API shows it (null when it did not or no longer exists).
     */
    public static void record(Handle h, Instant at, Actor actor, String action, String entity, Object entityId, Object before, Object after) {
        h.createUpdate("""
                        INSERT INTO audit_log (at, actor_id, actor, via, address, action, entity, entity_id, before, after)
                        VALUES (:at, :actorId, :actor, :via, :address, :action, :entity, :entityId, CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .bind("at", at)
                .bind("actorId", actor.userId())
                .bind("actor", actor.name())
                .bind("via", actor.via())
                .bind("address", actor.address())
                .bind("action", action)
                .bind("entity", entity)
                .bind("entityId", entityId == null ? null : entityId.toString())
                .bind("before", json(before))
                .bind("after", json(after))
                .execute();
    }

    /** One write of a batch ({@link #recordAll}). */
    public record Entry(String action, String entity, Object entityId, Object before, Object after) {
    }

    /** As {@link #record}, for many writes of one transaction at once (an import): one batch of rows. */
    public static void recordAll(Handle h, Instant at, Actor actor, java.util.List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("""
                INSERT INTO audit_log (at, actor_id, actor, via, address, action, entity, entity_id, before, after)
                VALUES (:at, :actorId, :actor, :via, :address, :action, :entity, :entityId, CAST(:before AS jsonb), CAST(:after AS jsonb))""");
        for (Entry e : entries) {
            batch.bind("at", at).bind("actorId", actor.userId()).bind("actor", actor.name()).bind("via", actor.via()).bind("address", actor.address())
                    .bind("action", e.action()).bind("entity", e.entity()).bind("entityId", e.entityId() == null ? null : e.entityId().toString())
                    .bind("before", json(e.before())).bind("after", json(e.after())).add();
        }
        batch.execute();
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON for the audit trail: " + value.getClass(), e);
        }
    }
}
