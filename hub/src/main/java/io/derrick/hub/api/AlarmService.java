package io.derrick.hub.api;

import io.derrick.hub.alarm.AckCommands;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.db.Rows;
import io.derrick.hub.security.Principal;
import io.derrick.hub.security.Role;
import io.derrick.hub.live.LiveFeed;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/alarms}: the fleet's alarms (open first, worst first), one alarm, and acknowledgement from the hub,
 * which is carried to the rig as an ACK_ALARM command. {@code /api/alerts}: the alert emails, sent or not, and why.
 */
final class AlarmService {
    /** who may acknowledge an alarm: the people who act on one */
    static final Access ACKNOWLEDGE = Access.roles(Role.SUPERVISOR, Role.MANAGER, Role.MAINTENANCE);

    private final AlarmRepository alarms;
    private final AckCommands commands;
    private final LiveFeed feed;
    private final DbClient db;
    private final RigScope scope;

    AlarmService(AlarmRepository alarms, AckCommands commands, LiveFeed feed, DbClient db, RigScope scope) {
        this.alarms = alarms;
        this.commands = commands;
        this.feed = feed;
        this.db = db;
        this.scope = scope;
    }

    void routes(ApiRoutes api) {
        api.get("/alarms", Access.SIGNED_IN, this::list)
                .get("/alarms/{id}", Access.SIGNED_IN, this::one)
                .post("/alarms/{id}/ack", ACKNOWLEDGE, this::acknowledge)
                .get("/alerts", Access.STAFF, this::alerts);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("rig", "state", "limit"));
        String rig = req.query().first("rig").orElse(null);
        if (rig != null && !io.derrick.protocol.Ids.isValidId(rig)) {
            p.error("rig", "not a rig id: " + rig);
            rig = null;
        }
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
        long id = PathIds.positive(req, "id", "alarm");
        return alarms.get(id).filter(a -> scope.sees(req, a.rig())).orElseThrow(() -> ApiException.notFound("no alarm " + id));
    }

    /** The signed-in user acknowledges; the body is empty or {@code {}}. */
    private void acknowledge(ServerRequest req, ServerResponse res) throws SQLException {
        long id = visibleAlarm(req).id();
        JsonBody.read(req, Set.of(), true).check();
        Principal p = ApiRoutes.caller(req);
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

    private void alerts(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit", "status"));
        int limit = p.integer("limit", 100, 1, 1000);
        String status = p.choice("status", "any", Set.of("any", "PENDING", "SENT", "SUPPRESSED", "FAILED"));
        p.check();
        Jsons.send(res, db.execute().query("""
                SELECT id, created_at, rule, kind, alarm_id, event_id, rig_id, node_id, subject_key, severity, recipient,
                       subject, status, status_reason, attempts, sent_at
                FROM alert_notification WHERE (? = 'any' OR status = ?) ORDER BY id DESC LIMIT ?""", status, status, limit)
                .map(row -> {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put("id", row.column("id").getLong());
                    n.put("createdAt", Rows.instant(row, "created_at"));
                    n.put("rule", row.column("rule").getString());
                    n.put("kind", row.column("kind").getString());
                    n.put("alarmId", Rows.integer(row, "alarm_id"));
                    n.put("eventId", Rows.integer(row, "event_id"));
                    n.put("rig", row.column("rig_id").getString());
                    n.put("node", row.column("node_id").getString());
                    n.put("key", row.column("subject_key").getString());
                    n.put("severity", row.column("severity").getString());
                    n.put("recipient", row.column("recipient").getString());
                    n.put("subject", row.column("subject").getString());
                    n.put("status", row.column("status").getString());
                    n.put("statusReason", Rows.string(row, "status_reason"));
                    n.put("attempts", row.column("attempts").getInt());
                    n.put("sentAt", Rows.instant(row, "sent_at"));
                    return n;
                }).toList());
    }
}
