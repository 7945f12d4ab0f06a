package io.derrick.hub.platform.web;

import io.derrick.protocol.Ids;
import io.helidon.webserver.http.ServerRequest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a request's query parameters, collecting every problem before failing, so the caller learns
 * all that is wrong with a request at once. Unknown parameters are refused, not ignored.
 */
public final class Params {
    private final ServerRequest req;
    private final List<ApiException.FieldError> errors = new ArrayList<>();

    public Params(ServerRequest req, Set<String> allowed) {
        this.req = req;
        for (String name : req.query().names()) {
            if (!allowed.contains(name)) {
                errors.add(new ApiException.FieldError(name, "unknown parameter; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
    }

    public String rigPath() {
        return idPath("rig");
    }

    /** The path parameter {@code name}, a rig, node or other protocol id, or a 400 naming it. */
    public String idPath(String name) {
        String id = req.path().pathParameters().get(name);
        if (!Ids.isValidId(id)) {
            throw ApiException.badField(name, "not a " + name + " id: " + id);
        }
        return id;
    }

    /** The path parameter {@code name} as a positive number (a row id), or a 400 naming what it should be the id of. */
    public static long positiveId(ServerRequest req, String name, String of) {
        String text = req.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badField(name, "not a " + of + " id: " + text);
    }

    /** An optional query parameter that must be a protocol id (a rig, a node), or null; a bad one is an error. */
    public String id(String name) {
        String value = req.query().first(name).orElse(null);
        if (value != null && !Ids.isValidId(value)) {
            errors.add(new ApiException.FieldError(name, "not a " + name + " id: " + value));
            return null;
        }
        return value;
    }

    public Instant instant(String name, Instant fallback) {
        var value = req.query().first(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.get());
        } catch (DateTimeParseException e) {
            errors.add(new ApiException.FieldError(name, "expected an ISO-8601 instant such as 2026-11-23T06:00:00Z, got '" + value.get() + "'"));
            return fallback;
        }
    }

    /** An optional ISO date (2026-12-01), or the fallback; a bad one is an error. */
    public java.time.LocalDate date(String name, java.time.LocalDate fallback) {
        var value = req.query().first(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        try {
            return java.time.LocalDate.parse(value.get());
        } catch (DateTimeParseException e) {
            errors.add(new ApiException.FieldError(name, "expected an ISO date such as 2026-12-01, got '" + value.get() + "'"));
            return fallback;
        }
    }

    /** An optional free-text filter of 1-64 characters without control characters, or null. */
    public String text(String name) {
        return text(name, 64);
    }

    /** An optional text of 1 to {@code max} characters without control characters, or null. */
    public String text(String name, int max) {
        String value = req.query().first(name).orElse(null);
        if (value != null && (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl))) {
            errors.add(new ApiException.FieldError(name, "1-" + max + " characters, no control characters"));
            return null;
        }
        return value;
    }

    /** An optional number between {@code min} and {@code max}, or null. */
    public Double number(String name, double min, double max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            double n = Double.parseDouble(value.get());
            if (!(n >= min && n <= max)) {
                errors.add(new ApiException.FieldError(name, "must be between " + min + " and " + max + ", got " + value.get()));
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new ApiException.FieldError(name, "expected a number, got '" + value.get() + "'"));
            return null;
        }
    }

    public int integer(String name, int fallback, int min, int max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                errors.add(new ApiException.FieldError(name, "must be between " + min + " and " + max + ", got " + n));
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new ApiException.FieldError(name, "expected an integer, got '" + value.get() + "'"));
            return fallback;
        }
    }

    public String choice(String name, String fallback, Set<String> allowed) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(value.get())) {
            errors.add(new ApiException.FieldError(name, "expected one of " + String.join(", ", allowed.stream().sorted().toList())
                    + ", got '" + value.get() + "'"));
            return fallback;
        }
        return value.get();
    }

    public void error(String field, String message) {
        errors.add(new ApiException.FieldError(field, message));
    }

    /** Throws a 400 naming every field that was wrong. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
    }
}
