package io.derrick.hub.alarm;

import org.jdbi.v3.core.Handle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hub alarms raised and cleared by other features (equipment health's RUL alarm), in the caller's transaction: one
 * open alarm per key and node (the unique index), like the offline watch's. {@link #changed} tells the live feed and
 * the alert job once the caller's transaction has committed.
 */
public final class HubAlarms {
    private final Consumer<String> changed;

    HubAlarms(Consumer<String> changed) {
        this.changed = changed;
    }

    /** Raises {@code key} on the node unless it is open; whether it was raised now. */
    public boolean raise(Handle h, String rig, String node, String key, String type, String severity, String reason, Double score,
                         List<String> channels, Instant now) {
        return 1 == h.createUpdate("""
                        INSERT INTO alarm (rig_id, node_id, alarm_key, source, type, severity, reason, score, raised_at, updated_at, channels)
                        VALUES (:rig, :node, :key, 'hub', :type, :severity, :reason, :score, :now, :now, :channels)
                        ON CONFLICT (rig_id, node_id, alarm_key) WHERE source = 'hub' AND cleared_at IS NULL DO NOTHING""")
                .bind("rig", rig).bind("node", node).bind("key", key).bind("type", type).bind("severity", severity)
                .bind("reason", reason).bind("score", score).bind("now", Timestamp.from(now)).bindArray("channels", String.class, channels)
                .execute();
    }

    /** Clears the open {@code key} on the node; whether one was open. */
    public boolean clear(Handle h, String rig, String node, String key, String reason, Instant now) {
        return 1 == h.createUpdate("""
                        UPDATE alarm SET cleared_at = :now, updated_at = :now, clear_reason = :reason
                        WHERE source = 'hub' AND rig_id = :rig AND node_id = :node AND alarm_key = :key AND cleared_at IS NULL""")
                .bind("rig", rig).bind("node", node).bind("key", key).bind("now", Timestamp.from(now)).bind("reason", reason).execute();
    }

    /** After the commit: the rig's alarms changed. */
    public void changed(String rig) {
        changed.accept(rig);
    }
}
