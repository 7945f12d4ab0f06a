package io.derrick.protocol;

/**
 * A message or topic that breaks the wire contract. {@link #field()} names the offending field
 * (a JSON path such as {@code channels[2].unit}) so that a rejected payload can be explained.
 */
public final class ProtocolException extends Exception {
    private final String field;

    public ProtocolException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
