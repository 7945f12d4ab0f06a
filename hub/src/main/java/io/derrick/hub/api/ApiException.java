package io.derrick.hub.api;

import java.util.List;

/** A request the hub refuses, with the HTTP status and, for bad input, one message per offending field. */
public final class ApiException extends RuntimeException {
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final List<FieldError> fields;

    public ApiException(int status, String message, List<FieldError> fields) {
        super(message);
        this.status = status;
        this.fields = List.copyOf(fields);
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

    public List<FieldError> fields() {
        return fields;
    }
}
