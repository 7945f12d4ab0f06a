package io.derrick.hub.alarm;

import io.derrick.hub.history.LiveFeed;
import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.JsonBody;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/alarms}: the fleet's alarms (open first, worst first), one alarm, and acknowledgement from the hub,
 * which is carried to the rig as an ACK_ALARM command; {@code /api/rigs/{rig}/events}: what a rig reported.
 */
final class AlarmRoutes {
    /** who may acknowledge an alarm: the people who act on one */
    static final Access ACKNOWLEDGE = Access.roles(Role.SUPERVISOR, Role.MANAGER, Role.MAINTENANCE);

    private final AlarmRepository alarms;
    private final AckCommands commands;
    private final LiveFeed feed;
    private final RigScope scope;

    AlarmRoutes(AlarmRepository alarms, AckCommands commands, LiveFeed feed, RigScope scope) {
        this.alarms = alarms;
        this.commands = commands;
        this.feed = feed;
        this.scope = scope;
    }

    void routes(Routes api) {
        api.get("/alarms", Access.SIGNED_IN, this::list)
                .get("/alarms/{id}", Access.SIGNED_IN, this::one)
                .post("/alarms/{id}/ack", ACKNOWLEDGE, this::acknowledge)
                .get("/rigs/{rig}/events", Access.SIGNED_IN, this::events);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("rig", "state", "limit"));
        String rig = p.id("rig");
        String state = p.choice("state", "open", Set.of("open", "cleared", "all"));
        int limit = p.integer("limit", 200, 1, 1000);
        p.check();
        if (rig != null) {
            scope.require(req, rig);
        }
        Jsons.send(res, alarms.list(rig, scope.visible(req), AlarmRepository.Filter.valueOf(state.toUpperCase(Locale.ROOT)), limit));
    }

    private void one(ServerRequest req, ServerResponse res) {
        Jsons.send(res, visibleAlarm(req));
    }

    /** The alarm of the path, when the caller sees its rig; else 404. */
    private AlarmRepository.Alarm visibleAlarm(ServerRequest req) {
        long id = Params.positiveId(req, "id", "alarm");
        return alarms.get(id).filter(a -> scope.sees(req, a.rig())).orElseThrow(() -> ApiException.notFound("no alarm " + id));
    }

    /** The signed-in user acknowledges; the body is empty or {@code {}}. */
    private void acknowledge(ServerRequest req, ServerResponse res) {
        long id = visibleAlarm(req).id();
        JsonBody.read(req, Set.of(), true).check();
        Principal p = Routes.caller(req);
        AlarmRepository.AckResult result = alarms.acknowledge(id, p.user().displayName(), p.actor());
        switch (result) {
            case AlarmRepository.AckResult.NotFound n -> throw ApiException.notFound("no alarm " + id);
            case AlarmRepository.AckResult.Refused r -> throw new ApiException(409, r.reason(), List.of());
            case AlarmRepository.AckResult.Done d -> {
                boolean sent = commands.send(d.alarm());
                feed.alarmsChanged(d.alarm().rig());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("alarm", d.alarm());
                out.put("sentToRig", sent);
                out.put("note", !"edge".equals(d.alarm().source()) ? "a hub alarm: nothing to send to the rig"
                        : sent ? "sent to the rig; it confirms with an event"
                        : "the broker is not reachable now; the acknowledgement is sent when the rig reconnects");
                Jsons.send(res, out);
            }
        }
    }

    /** A rig's latest events, newest first. */
    private void events(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit"));
        String rig = p.rigPath();
        int limit = p.integer("limit", 50, 1, 1000);
        p.check();
        scope.require(req, rig);
        Jsons.send(res, alarms.events(rig, limit));
    }
}
