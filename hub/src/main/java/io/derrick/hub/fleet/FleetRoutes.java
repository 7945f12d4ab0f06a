package io.derrick.hub.fleet;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.history.LiveFeed;
import io.derrick.hub.history.RigActivity;
import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/rigs}: the fleet, one rig, its channels and latest values (its events: the alarm feature's). */
final class FleetRoutes {
    /** Shown on a rig's tile, in this order, when the rig has them. */
    static final List<String> KEY_CHANNELS = List.of("DEPT", "BDEP", "HKLD", "WOB", "RPM", "SPPA", "MFIA", "ROPA");

    private final FleetRepository fleet;
    private final AlarmQuery alarms;
    private final LiveFeed live;
    private final RigScope scope;

    FleetRoutes(FleetRepository fleet, AlarmQuery alarms, LiveFeed live, RigScope scope) {
        this.fleet = fleet;
        this.alarms = alarms;
        this.live = live;
        this.scope = scope;
    }

    void routes(Routes rigs) {
        rigs.get("/", Access.SIGNED_IN, this::rigs)
                .get("/{rig}", Access.SIGNED_IN, this::rig)
                .get("/{rig}/channels", Access.SIGNED_IN, this::channels)
                .get("/{rig}/latest", Access.SIGNED_IN, this::latest);
    }

    private void rigs(ServerRequest req, ServerResponse res) {
        new Params(req, Set.of()).check();
        Map<String, List<FleetRepository.Channel>> channels = fleet.channelsByRig();
        Map<String, AlarmQuery.Summary> summaries = alarms.summaries();
        Principal caller = Routes.caller(req);
        Jsons.send(res, fleet.rigs().stream().filter(rig -> caller.sees(rig.client())).map(rig -> tile(rig, channels.getOrDefault(rig.id(), List.of()),
                summaries.getOrDefault(rig.id(), AlarmQuery.Summary.NONE))).toList());
    }

    private void rig(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of());
        String id = p.rigPath();
        p.check();
        scope.require(req, id);
        FleetRepository.Rig rig = fleet.rig(id).orElseThrow(() -> ApiException.notFound("no rig " + id));
        List<FleetRepository.Channel> channels = fleet.channels(id);
        Map<String, Object> body = tile(rig, channels, alarms.summary(id));
        body.put("channels", channels);
        Jsons.send(res, body);
    }

    private void channels(ServerRequest req, ServerResponse res) {
        Jsons.send(res, fleet.channels(scope.rigInPath(req)));
    }

    private void latest(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (FleetRepository.Channel c : fleet.channels(scope.rigInPath(req))) {
            if (c.latestAt() != null) {
                body.put(c.mnemonic(), Map.of("at", c.latestAt().toString(), "value", c.latestValue(),
                        "quality", c.latestQuality(), "node", c.node()));
            }
        }
        Jsons.send(res, body);
    }

    private Map<String, Object> tile(FleetRepository.Rig rig, List<FleetRepository.Channel> channels, AlarmQuery.Summary alarmSummary) {
        Map<String, Object> tile = new LinkedHashMap<>();
        tile.put("id", rig.id());
        tile.put("name", rig.name());
        tile.put("client", rig.client());
        tile.put("timeZone", rig.timeZone().getId());
        tile.put("dayShiftStart", rig.dayShiftStart().toString());
        tile.put("nightShiftStart", rig.nightShiftStart().toString());
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
        // a key channel the birth announced is on the tile before its first reading (value null): the live stream fills it in
        for (String mnemonic : KEY_CHANNELS) {
            channels.stream().filter(c -> c.mnemonic().equals(mnemonic)).findFirst().ifPresent(c -> {
                Map<String, Object> kv = new LinkedHashMap<>();
                kv.put("value", c.latestValue());
                kv.put("unit", c.unit() == null ? "" : c.unit());
                kv.put("quality", c.latestQuality());
                key.put(mnemonic, kv);
            });
        }
        tile.put("activity", live.activity(rig.id()).orElseGet(() -> new RigActivity().classify(latest)).name());
        tile.put("keyValues", key);
        tile.put("nodes", rig.nodes());
        tile.put("alarms", alarmSummary);
        return tile;
    }
}
