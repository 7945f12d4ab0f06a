package io.derrick.hub.ingest;

import io.derrick.hub.platform.db.Database;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The MQTT messages the ingest refused ({@code rejected_message}, written by {@link IngestStore}), read back. */
final class RejectRepository {
    private final Database db;

    RejectRepository(Database db) {
        this.db = db;
    }

    /** Newest first, each with its reason and the payload as received (as text too, when it is). */
    List<Map<String, Object>> list(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, received_at, topic, reason, field, payload FROM rejected_message ORDER BY id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    byte[] payload = rs.getBytes("payload");
                    r.put("id", rs.getLong("id"));
                    r.put("receivedAt", rs.getTimestamp("received_at").toInstant().toString());
                    r.put("topic", rs.getString("topic"));
                    r.put("reason", rs.getString("reason"));
                    r.put("field", rs.getString("field"));
                    r.put("bytes", payload.length);
                    r.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
                    r.put("payloadText", isText(payload) ? new String(payload, StandardCharsets.UTF_8) : null);
                    return r;
                })
                .list());
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
