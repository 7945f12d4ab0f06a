package io.derrick.hub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The audit trail: one row per write, in the transaction of the write (pass its connection), so that a write
 * without its audit row, or an audit row of a write that was rolled back, cannot exist. The table is append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
public final class Audit {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Audit() {
    }

    /**
     * Records {@code action} (e.g. {@code user.create}, {@code alarm.acknowledge}) on {@code entity}/{@code entityId};
     * {@code before} and {@code after} are the entity as the API shows it (null when it did not or no longer exists).
     */
    public static void record(Connection c, Actor actor, String action, String entity, Object entityId, Object before, Object after)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO audit_log (actor_id, actor, via, address, action, entity, entity_id, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            if (actor.userId() == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, actor.userId());
            }
            ps.setString(2, actor.name());
            ps.setString(3, actor.via());
            ps.setString(4, actor.address());
            ps.setString(5, action);
            ps.setString(6, entity);
            ps.setString(7, entityId == null ? null : entityId.toString());
            ps.setString(8, json(before));
            ps.setString(9, json(after));
            ps.executeUpdate();
        }
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
