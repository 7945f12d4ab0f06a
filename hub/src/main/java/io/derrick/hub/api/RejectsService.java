package io.derrick.hub.api;

import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/rejects}: MQTT messages the ingest refused, newest first, with the reason and the payload as received. */
final class RejectsService {
    private final DbClient db;

    RejectsService(DbClient db) {
        this.db = db;
    }

    void routes(ApiRoutes rejects) {
        rejects.get("/", Access.roles(io.derrick.hub.security.Role.ADMIN), this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Params p = new Params(req, Set.of("limit"));
        int limit = p.integer("limit", 100, 1, 1000);
        p.check();
        Jsons.send(res, db.execute().query("""
                SELECT id, received_at, topic, reason, field, payload FROM rejected_message
                ORDER BY id DESC LIMIT ?""", limit).map(row -> {
            Map<String, Object> r = new LinkedHashMap<>();
            byte[] payload = row.column("payload").get(byte[].class);
            r.put("id", row.column("id").getLong());
            r.put("receivedAt", ((Timestamp) row.column("received_at").get(Object.class)).toInstant().toString());
            r.put("topic", row.column("topic").getString());
            r.put("reason", row.column("reason").getString());
            r.put("field", row.column("field").get(Object.class));
            r.put("bytes", payload.length);
            r.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
            r.put("payloadText", isText(payload) ? new String(payload, StandardCharsets.UTF_8) : null);
            return r;
        }).toList());
    }

    private static boolean isText(byte[] payload) {
        for (byte b : payload) {
            if (b < 0x09 || (b > 0x0d && b < 0x20)) {
                return false;
            }
        }
        return true;
    }
}
