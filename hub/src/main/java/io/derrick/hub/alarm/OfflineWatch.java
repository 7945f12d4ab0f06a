package io.derrick.hub.alarm;

import io.derrick.hub.platform.db.Database;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raises the hub's own alarm {@code offline} for an edge node that has been OFFLINE (its last will) or silent
 * for {@code after}, and clears it when the node is online and heard from again. Silence counts from the hub's
 * start at the earliest, so a hub that was itself down does not blame every rig for it.
 */
public final class OfflineWatch {
    public static final String KEY = "offline";

    private final Database db;
    private final Duration after;
    private final String severity;
    private final Instant started;

    public OfflineWatch(Database db, Duration after, String severity, Instant started) {
        this.db = db;
        this.after = after;
        this.severity = severity;
        this.started = started;
    }

    /** One check at {@code now}; returns the rigs whose offline alarms were raised or cleared now. */
    public Set<String> check(Instant now) {
        Instant since = now.minus(after);
        return db.inTransaction(h -> {
            Set<String> changed = new TreeSet<>(h.createQuery("""
                            INSERT INTO alarm (rig_id, node_id, alarm_key, source, type, severity, reason, raised_at, updated_at)
                            SELECT rig_id, id, :key, 'hub', 'OFFLINE', :severity,
                                   CASE WHEN state = 'OFFLINE'
                                        THEN id || ' on ' || rig_id || ' is offline (the broker reported its connection lost at '
                                             || to_char(state_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)'
                                        ELSE id || ' on ' || rig_id || ' has sent nothing since '
                                             || to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' END,
                                   :now, :now
                            FROM node
                            WHERE (state = 'OFFLINE' AND greatest(state_since, :started) < :since)
                               OR greatest(last_seen, :started) < :since
                            ON CONFLICT (rig_id, node_id, alarm_key) WHERE source = 'hub' AND cleared_at IS NULL DO NOTHING
                            RETURNING rig_id""")
                    .bind("key", KEY).bind("severity", severity).bind("now", now).bind("started", started).bind("since", since)
                    .mapTo(String.class).list());
            changed.addAll(h.createQuery("""
                            UPDATE alarm a SET cleared_at = :now, updated_at = :now,
                                               clear_reason = a.node_id || ' is back online after '
                                                              || ceil(extract(epoch FROM :now - a.raised_at) / 60) || ' min'
                            FROM node n
                            WHERE a.source = 'hub' AND a.alarm_key = :key AND a.cleared_at IS NULL
                              AND n.rig_id = a.rig_id AND n.id = a.node_id
                              AND n.state <> 'OFFLINE' AND n.last_seen > :since
                            RETURNING a.rig_id""")
                    .bind("key", KEY).bind("now", now).bind("since", since).mapTo(String.class).list());
            return changed;
        });
    }
}
