package io.derrick.hub.fleet;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** What other features may read of the fleet beyond the rig scope: the devices a node's channels come from. */
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
}
