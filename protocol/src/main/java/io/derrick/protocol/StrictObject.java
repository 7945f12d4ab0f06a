package io.derrick.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * A JSON object read field by field, each read naming the field's path in its error. {@link #finish()}
 * rejects any field that was not read, so an unknown field is an error, not a silent loss.
 */
final class StrictObject {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private StrictObject(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static StrictObject of(JsonNode node, String path) throws ProtocolException {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(path, "expected a JSON object, got " + describe(node));
        }
        return new StrictObject(node, path);
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    JsonNode required(String field) throws ProtocolException {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(path(field), "missing");
        }
        return value;
    }

    JsonNode optional(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String string(String field) throws ProtocolException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new ProtocolException(path(field), "expected a string, got " + describe(value));
        }
        return value.textValue();
    }

    /** A string of free text: at most {@code max} characters, no control characters ({@link FreeText}). */
    String text(String field, int max) throws ProtocolException {
        return FreeText.require(path(field), string(field), max);
    }

    String id(String field) throws ProtocolException {
        return Ids.requireId(path(field), string(field));
    }

    long longValue(String field) throws ProtocolException {
        return asLong(path(field), required(field));
    }

    long nonNegativeLong(String field) throws ProtocolException {
        long value = longValue(field);
        if (value < 0) {
            throw new ProtocolException(path(field), "must not be negative, got " + value);
        }
        return value;
    }

    int intValue(String field) throws ProtocolException {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ProtocolException(path(field), "expected an integer, got " + describe(value));
        }
        return value.intValue();
    }

    /** A finite number. JSON has no NaN, but a lenient sender may write one as a string; both are refused. */
    double finite(String field) throws ProtocolException {
        return asFinite(path(field), required(field));
    }

    /** A number or null (read as NaN), for values that may be absent by design (e.g. a score). */
    double finiteOrNaN(String field) throws ProtocolException {
        JsonNode value = optional(field);
        return value == null ? Double.NaN : asFinite(path(field), value);
    }

    Instant instant(String field) throws ProtocolException {
        String text = string(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(path(field), "expected an ISO-8601 UTC instant like 2026-01-31T06:00:00Z, got '" + text + "'");
        }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) throws ProtocolException {
        String text = string(field);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new ProtocolException(path(field), "unknown value '" + text + "', expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    JsonNode array(String field, int maxSize) throws ProtocolException {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw new ProtocolException(path(field), "expected an array, got " + describe(value));
        }
        if (value.size() > maxSize) {
            throw new ProtocolException(path(field), "has " + value.size() + " elements, at most " + maxSize + " allowed");
        }
        return value;
    }

    void finish() throws ProtocolException {
        for (var field : node.properties()) {
            String name = field.getKey();
            if (!read.contains(name)) {
                throw new ProtocolException(path(name), "unknown field");
            }
        }
    }

    static long asLong(String path, JsonNode value) throws ProtocolException {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ProtocolException(path, "expected an integer, got " + describe(value));
        }
        return value.longValue();
    }

    static double asFinite(String path, JsonNode value) throws ProtocolException {
        if (!value.isNumber()) {
            throw new ProtocolException(path, "expected a number, got " + describe(value));
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw new ProtocolException(path, "must be a finite number, got " + value);
        }
        return d;
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return value.getNodeType().name().toLowerCase() + " " + shown;
    }
}
