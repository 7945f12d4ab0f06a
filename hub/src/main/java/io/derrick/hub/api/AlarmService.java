package io.derrick.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.hub.alarm.AckCommands;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.db.Rows;
import io.derrick.hub.fleet.FleetRepository;
import io.derrick.hub.live.LiveFeed;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/alarms}: the fleet's alarms (open first, worst first), one alarm, and acknowledgement from the hub,
 * which is carried to the rig as an ACK_ALARM command. {@code /api/alerts}: the alert emails, sent or not, and why.
 */
final class AlarmService implements HttpService {
    private static final int MAX_BODY = 4096;

    private final AlarmRepository alarms;
    private final AckCommands commands;
    private final FleetRepository fleet;
    private final LiveFeed feed;
    private final DbClient db;

    AlarmService(AlarmRepository alarms, AckCommands commands, FleetRepository fleet, LiveFeed feed, DbClient db) {
        this.alarms = alarms;
        this.commands = commands;
        this.fleet = fleet;
        this.feed = feed;
        this.db = db;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/alarms", this::list)
                .get("/alarms/{id}", this::one)
                .post("/alarms/{id}/ack", this::acknowledge)
                .get("/alerts", this::alerts);
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
        if (rig != null && fleet.rig(rig).isEmpty()) {
            throw ApiException.notFound("no rig " + rig);
        }
        Jsons.send(res, alarms.list(rig, AlarmRepository.Filter.valueOf(state.toUpperCase(Locale.ROOT)), limit));
    }

    private void one(ServerRequest req, ServerResponse res) {
        long id = id(req);
        Jsons.send(res, alarms.get(id).orElseThrow(() -> ApiException.notFound("no alarm " + id)));
    }

    private void acknowledge(ServerRequest req, ServerResponse res) throws SQLException {
        long id = id(req);
        JsonNode body = body(req);
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("by")) {
                errors.add(new ApiException.FieldError(name, "unknown field; allowed: by"));
            }
        }
        JsonNode byNode = body.get("by");
        String by = byNode != null && byNode.isTextual() ? byNode.asText().strip() : "";
        if (by.isEmpty() || by.length() > 80 || by.chars().anyMatch(Character::isISOControl)) {
            errors.add(new ApiException.FieldError("by", "who acknowledges: 1-80 characters, no control characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        AlarmRepository.AckResult result = alarms.acknowledge(id, by);
        switch (result) {
            case null -> throw ApiException.notFound("no alarm " + id);
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

    private static long id(ServerRequest req) {
        String text = req.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badField("id", "not an alarm id: " + text);
    }

    /** A JSON object of at most 4 KiB. */
    private static JsonNode body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw ApiException.badField("body", "expected a JSON object such as {\"by\": \"J. Smith\"}");
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413.code(), "the body is larger than " + MAX_BODY + " bytes", List.of());
        }
        try {
            JsonNode node = Jsons.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badField("body", "expected a JSON object such as {\"by\": \"J. Smith\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable: " + e.getMessage());
        }
    }
}
