package io.derrick.hub.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.hub.platform.web.Role;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A request's JSON object body, read like {@link Params} reads a query: at most {@value #MAX_BYTES} bytes (413),
 * unknown fields refused, every problem collected with its field before one 400 answers them all.
 */
public final class JsonBody {
    public static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_TEXT = 200;

    private final JsonNode node;
    /** where this object sits in the body, e.g. {@code progress[2].}: the prefix of its fields' names in errors */
    private final String prefix;
    private final List<ApiException.FieldError> errors;

    private JsonBody(JsonNode node, Set<String> allowed) {
        this(node, allowed, "", new ArrayList<>());
    }

    private JsonBody(JsonNode node, Set<String> allowed, String prefix, List<ApiException.FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(name, "unknown field; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** The body; an absent body reads as {@code {}} when {@code optional}. */
    public static JsonBody read(ServerRequest req, Set<String> allowed, boolean optional) {
        return read(req, allowed, optional, MAX_BYTES);
    }

    /** The same, for a body that may be larger (a whole report with its rows), up to {@code maxBytes}. */
    public static JsonBody read(ServerRequest req, Set<String> allowed, boolean optional, int maxBytes) {
        if (!req.content().hasEntity()) {
            if (optional) {
                return new JsonBody(Jsons.MAPPER.createObjectNode(), allowed);
            }
            throw ApiException.badField("body", "expected a JSON object with " + String.join(", ", allowed.stream().sorted().toList()));
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(413, "the body is larger than " + maxBytes + " bytes", List.of());
        }
        if (optional && bytes.length == 0) {
            return new JsonBody(Jsons.MAPPER.createObjectNode(), allowed);
        }
        try {
            JsonNode node = Jsons.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badField("body", "expected a JSON object");
            }
            return new JsonBody(node, allowed);
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badField("body", "unreadable: " + e.getMessage());
        }
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** A string of 1..{@code max} characters without control characters; null (and an error if required) when absent. */
    public String text(String field, boolean required, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "required");
            }
            return null;
        }
        if (!v.isTextual()) {
            error(field, "expected a string");
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty() || s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            error(field, "1-" + max + " characters, no control characters");
            return null;
        }
        return s;
    }

    public String text(String field, boolean required) {
        return text(field, required, MAX_TEXT);
    }

    /** A string kept exactly as sent (a password): only its presence and type are checked here. */
    public String secret(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            error(field, v == null ? "required" : "expected a string");
            return null;
        }
        return v.asText();
    }

    public Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            error(field, "expected true or false");
            return null;
        }
        return v.asBoolean();
    }

    public Integer integer(String field, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
            error(field, "expected an integer from " + min + " to " + max);
            return null;
        }
        return v.asInt();
    }

    /** A finite number from {@code min} to {@code max}; null (and an error if required) when absent. */
    public Double number(String field, boolean required, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "required: a number from " + fmt(min) + " to " + fmt(max));
            }
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            error(field, "expected a number from " + fmt(min) + " to " + fmt(max) + ", got " + v);
            return null;
        }
        return v.asDouble();
    }

    /** One of {@code allowed} (as written); null (and an error if required) when absent. */
    public String choice(String field, boolean required, Set<String> allowed) {
        String text = text(field, required, 64);
        if (text != null && !allowed.contains(text)) {
            error(field, "expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ", got '" + text + "'");
            return null;
        }
        return text;
    }

    /** An ISO date, 2026-12-01. */
    public java.time.LocalDate date(String field, boolean required) {
        return parsed(field, required, "an ISO date such as 2026-12-01", java.time.LocalDate::parse);
    }

    /** A time of day, 06:00. */
    public java.time.LocalTime time(String field, boolean required) {
        return parsed(field, required, "a time of day such as 06:00", java.time.LocalTime::parse);
    }

    /** An ISO instant, 2026-12-01T06:00:00Z. */
    public java.time.Instant instant(String field, boolean required) {
        return parsed(field, required, "an ISO-8601 instant such as 2026-12-01T06:00:00Z", java.time.Instant::parse);
    }

    /** A time zone of the tz database, Africa/Johannesburg or UTC. */
    public java.time.ZoneId zone(String field, boolean required) {
        return parsed(field, required, "a time zone such as Australia/Perth or UTC", text -> {
            if (!java.time.ZoneId.getAvailableZoneIds().contains(text) && !text.equals("UTC")) {
                throw new java.time.DateTimeException(text);
            }
            return java.time.ZoneId.of(text);
        });
    }

    private <T> T parsed(String field, boolean required, String expected, java.util.function.Function<String, T> parse) {
        String text = text(field, required, 64);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (java.time.DateTimeException e) {
            error(field, "expected " + expected + ", got '" + text + "'");
            return null;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A non-empty list of role names. */
    public Set<Role> roles(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (required) {
                error(field, "required: a list of " + Role.names());
            }
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            error(field, "expected a non-empty list of " + Role.names());
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode r : v) {
            Role role = r.isTextual() ? Role.parse(r.asText()).orElse(null) : null;
            if (role == null) {
                error(field, "unknown role " + r + "; roles are " + Role.names());
            } else {
                roles.add(role);
            }
        }
        return roles;
    }

    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /**
     * A list of objects (a report's rows), each read like the body with its own allowed fields; their errors are named
     * {@code field[i].name}. Absent: an empty list.
     */
    public List<JsonBody> objects(String field, Set<String> allowed, int maxItems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            error(field, "expected a list of at most " + maxItems + " objects");
            return List.of();
        }
        List<JsonBody> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                error(field + "[" + i + "]", "expected an object");
                continue;
            }
            out.add(new JsonBody(v.get(i), allowed, prefix + field + "[" + i + "].", errors));
        }
        return out;
    }

    /** A list of at most {@code maxItems} strings of 1..{@code maxLength} characters; absent: an error, it is required. */
    public List<String> texts(String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.size() > maxItems) {
            error(field, "required: a list of at most " + maxItems + " strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                error(field, "each a string of 1-" + maxLength + " characters, got " + item);
            } else {
                out.add(item.asText().strip());
            }
        }
        return out;
    }

    public void error(String field, String message) {
        errors.add(new ApiException.FieldError(prefix + field, message));
    }

    /** Throws the 400 when anything was wrong. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
    }
}
