package io.derrick.hub.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON out of the API: one mapper, one error shape. */
public final class Jsons {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Jsons() {
    }

    /**
     * 409 for a stale edit: the message, and the row as it now is in {@code current}, so the client shows it and the
     * edit is made again from there; never a silent overwrite.
     */
    public static void stale(ServerResponse res, String message, Object current) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", 409);
        out.put("message", message);
        out.put("current", current);
        res.status(409);
        send(res, out);
    }

    public static void send(ServerResponse res, Object body) {
        try {
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not writable as JSON", e);
        }
    }

    /** {@code {"status":400,"error":"Bad Request","message":"…","path":"/api/…","fields":[{"field":…,"message":…}]}} */
    public static void error(ServerRequest req, ServerResponse res, int status, String message, List<ApiException.FieldError> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", Status.create(status).reasonPhrase());
        body.put("message", message);
        body.put("path", req.prologue().uriPath().path());
        body.put("fields", fields);
        res.status(status);
        send(res, body);
    }
}
