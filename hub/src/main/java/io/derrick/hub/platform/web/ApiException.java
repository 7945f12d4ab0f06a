package io.derrick.hub.platform.web;

import java.util.List;

/** A request the hub refuses, with the HTTP status and, for bad input, one message per offending field. */
public final class ApiException extends RuntimeException {
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final List<FieldError> fields;
    private final java.time.Duration retryAfter;

    public ApiException(int status, String message, List<FieldError> fields) {
        this(status, message, fields, null);
    }

    private ApiException(int status, String message, List<FieldError> fields, java.time.Duration retryAfter) {
        super(message);
        this.status = status;
        this.fields = List.copyOf(fields);
        this.retryAfter = retryAfter;
    }

    /** 429, with the Retry-After the client should honour. */
    public static ApiException tooManyRequests(String message, java.time.Duration retryAfter) {
        return new ApiException(429, message, List.of(), retryAfter);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, List.of());
    }

    public static ApiException badRequest(List<FieldError> fields) {
        return new ApiException(400, "invalid request: " + fields.size() + " field(s) rejected", fields);
    }

    public static ApiException badField(String field, String message) {
        return badRequest(List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, List.of());
    }

    public int status() {
        return status;
    }

    /** For a 429: when to retry; else null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public List<FieldError> fields() {
        return fields;
    }
}
