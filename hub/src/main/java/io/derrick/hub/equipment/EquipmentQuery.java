package io.derrick.hub.equipment;

import org.jdbi.v3.core.Handle;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * What other features may read of the equipment, read-only, in the caller's transaction: when units were down for
 * repair (the dashboard's equipment downtime).
 */
public final class EquipmentQuery {
    /**
     * A corrective or emergency work order's downtime: from its start (moved to in progress) to its completion or
     * cancellation, or {@code until} while it is still in progress. {@code shared}: the rig's client may see it (the work order
     * and its equipment are shareable).
     */
    public record Downtime(long workOrder, String rig, long equipment, String equipmentName, String type, Instant from, Instant to,
                           boolean shared) {
    }

    /** The downtimes of {@code rig} (null: every rig) that overlap [from, until). */
    public List<Downtime> downtime(Handle h, String rig, Instant from, Instant until) {
        return h.createQuery("""
                        SELECT w.id, e.rig_id, e.id AS equipment, e.name, w.type, s.at AS started, w.shareable AND e.shareable AS shared,
                               (SELECT min(ev.at) FROM work_order_event ev WHERE ev.work_order_id = w.id AND ev.at >= s.at
                                AND ev.to_status IN ('completed', 'cancelled')) AS ended
                        FROM work_order w JOIN equipment e ON e.id = w.equipment_id
                        JOIN LATERAL (SELECT min(at) AS at FROM work_order_event ev WHERE ev.work_order_id = w.id
                                      AND ev.to_status = 'in_progress') s ON s.at IS NOT NULL
                        WHERE w.type IN ('corrective', 'emergency') AND (CAST(:rig AS text) IS NULL OR e.rig_id = :rig)
                          AND s.at < :until ORDER BY w.id""")
                .bind("rig", rig).bind("until", Timestamp.from(until))
                .map((rs, ctx) -> {
                    Timestamp ended = rs.getTimestamp("ended");
                    return new Downtime(rs.getLong("id"), rs.getString("rig_id"), rs.getLong("equipment"), rs.getString("name"),
                            rs.getString("type"), rs.getTimestamp("started").toInstant(), ended == null ? until : ended.toInstant(),
                            rs.getBoolean("shared"));
                })
                .list().stream().filter(d -> d.to().isAfter(from)).toList();
    }
}
