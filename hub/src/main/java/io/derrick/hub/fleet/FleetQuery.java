package io.derrick.hub.fleet;

import org.jdbi.v3.core.Handle;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What other features may read of the fleet beyond the rig scope: the devices a node's channels come from, a rig's
 * details, the rigs' ids, whether a rig has a node.
 */
public final class FleetQuery {
    /** The devices (the agent's device names) that {@code channels} of {@code rig}/{@code node} are read from. */
    public Set<String> devices(Handle h, String rig, String node, Collection<String> channels) {
        if (channels.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(h.createQuery("""
                        SELECT DISTINCT device FROM channel
                        WHERE rig_id = :rig AND node_id = :node AND mnemonic = ANY (:channels) AND device IS NOT NULL""")
                .bind("rig", rig).bind("node", node).bindArray("channels", String.class, List.copyOf(channels))
                .mapTo(String.class).list());
    }

    /** A rig's name, client, time zone and shift pattern, in the caller's transaction; empty for an unknown rig. */
    public Optional<RigInfo> rig(Handle h, String id) {
        return h.createQuery(RIG + " WHERE id = :id").bind("id", id).map(FleetQuery::rigInfo).findOne();
    }

    /** Every rig's details, in order of id. */
    public List<RigInfo> rigs(Handle h) {
        return h.createQuery(RIG + " ORDER BY id").map(FleetQuery::rigInfo).list();
    }

    /** Every rig's id, in order. */
    public List<String> rigIds(Handle h) {
        return h.createQuery("SELECT id FROM rig ORDER BY id").mapTo(String.class).list();
    }

    /** Whether {@code rig} has the edge node {@code node}. */
    public boolean nodeExists(Handle h, String rig, String node) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM node WHERE rig_id = :rig AND id = :node)")
                .bind("rig", rig).bind("node", node).mapTo(Boolean.class).one();
    }

    private static final String RIG = "SELECT id, name, client_id, time_zone, day_shift_start, night_shift_start FROM rig";

    private static RigInfo rigInfo(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        return new RigInfo(rs.getString("id"), rs.getString("name"), rs.getString("client_id"), ZoneId.of(rs.getString("time_zone")),
                rs.getObject("day_shift_start", LocalTime.class), rs.getObject("night_shift_start", LocalTime.class));
    }

    public record RigInfo(String id, String name, String client, ZoneId timeZone, LocalTime dayShiftStart,
                          LocalTime nightShiftStart) {
    }
}
