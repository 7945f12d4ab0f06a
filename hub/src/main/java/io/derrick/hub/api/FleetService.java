package io.derrick.hub.api;

import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.db.Rows;
import io.derrick.hub.fleet.FleetRepository;
import io.derrick.hub.fleet.RigActivity;
import io.derrick.hub.live.LiveFeed;
import io.derrick.hub.security.Principal;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/rigs}: the fleet, one rig, its channels and latest values, its recent events. */
final class FleetService {
    /** Shown on a rig's tile, in this order, when the rig has them. */
    static final List<String> KEY_CHANNELS = List.of("DEPT", "BDEP", "HKLD", "WOB", "RPM", "SPPA", "MFIA", "ROPA");

    private final FleetRepository fleet;
    private final AlarmRepository alarms;
    private final LiveFeed live;
    private final DbClient db;
    private final RigScope scope;

    FleetService(FleetRepository fleet, AlarmRepository alarms, LiveFeed live, DbClient db, RigScope scope) {
        this.fleet = fleet;
        this.alarms = alarms;
        this.live = live;
        this.db = db;
        this.scope = scope;
    }

    void routes(ApiRoutes rigs) {
        rigs.get("/", Access.SIGNED_IN, this::rigs)
                .get("/{rig}", Access.SIGNED_IN, this::rig)
                .get("/{rig}/channels", Access.SIGNED_IN, this::channels)
                .get("/{rig}/latest", Access.SIGNED_IN, this::latest)
                .get("/{rig}/events", Access.SIGNED_IN, this::events);
    }

    private void rigs(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        Map<String, List<FleetRepository.Channel>> channels = fleet.channelsByRig();
        Map<String, AlarmRepository.Summary> summaries = alarms.summaries();
        Principal caller = ApiRoutes.caller(req);
        Jsons.send(res, fleet.rigs().stream().filter(rig -> caller.sees(rig.client())).map(rig -> tile(rig, channels.getOrDefault(rig.id(), List.of()),
                summaries.getOrDefault(rig.id(), AlarmRepository.Summary.NONE))).toList());
    }

    private void rig(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String id = p.rigPath();
        p.check();
        FleetRepository.Rig rig = scope.require(req, id);
        List<FleetRepository.Channel> channels = fleet.channels(id);
        Map<String, Object> body = tile(rig, channels, alarms.summary(id));
        body.put("channels", channels);
        Jsons.send(res, body);
    }

    private void channels(ServerRequest req, ServerResponse res) {
        Jsons.send(res, fleet.channels(existingRig(req)));
    }

    private void latest(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (FleetRepository.Channel c : fleet.channels(existingRig(req))) {
            if (c.latestAt() != null) {
                body.put(c.mnemonic(), Map.of("at", c.latestAt().toString(), "value", c.latestValue(),
                        "quality", c.latestQuality(), "node", c.node()));
            }
        }
        Jsons.send(res, body);
    }

    private void events(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit"));
        String id = p.rigPath();
        int limit = p.integer("limit", 50, 1, 1000);
        p.check();
        scope.require(req, id);
        Jsons.send(res, db.execute().query("""
                SELECT node_id, seq, at, type, severity, channels, score, reason, alarm_key
                FROM event WHERE rig_id = ? ORDER BY at DESC LIMIT ?""", id, limit).map(row -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", row.column("node_id").getString());
            e.put("seq", row.column("seq").getLong());
            e.put("at", ((Timestamp) row.column("at").get(Object.class)).toInstant().toString());
            e.put("type", row.column("type").getString());
            e.put("severity", row.column("severity").getString());
            e.put("reason", row.column("reason").getString());
            e.put("score", row.column("score").get(Object.class));
            e.put("alarm", Rows.string(row, "alarm_key"));
            return e;
        }).toList());
    }

    private String existingRig(ServerRequest req) {
        Params p = new Params(req, Set.of());
        String id = p.rigPath();
        p.check();
        scope.require(req, id);
        return id;
    }

    private Map<String, Object> tile(FleetRepository.Rig rig, List<FleetRepository.Channel> channels, AlarmRepository.Summary alarmSummary) {
        Map<String, Object> tile = new LinkedHashMap<>();
        tile.put("id", rig.id());
        tile.put("client", rig.client());
        tile.put("online", rig.online());
        tile.put("firstSeen", rig.firstSeen());
        tile.put("lastSeen", rig.lastSeen());
        Map<String, Double> latest = new HashMap<>();
        Map<String, Object> key = new LinkedHashMap<>();
        for (FleetRepository.Channel c : channels) {
            if (c.latestValue() != null && "G".equals(c.latestQuality())) {
                latest.put(c.mnemonic(), c.latestValue());
            }
        }
        for (String mnemonic : KEY_CHANNELS) {
            channels.stream().filter(c -> c.mnemonic().equals(mnemonic) && c.latestValue() != null).findFirst()
                    .ifPresent(c -> key.put(mnemonic, Map.of("value", c.latestValue(), "unit", c.unit() == null ? "" : c.unit(),
                            "quality", c.latestQuality())));
        }
        tile.put("activity", live.activity(rig.id()).orElseGet(() -> new RigActivity().classify(latest)).name());
        tile.put("keyValues", key);
        tile.put("nodes", rig.nodes());
        tile.put("alarms", alarmSummary);
        return tile;
    }
}
