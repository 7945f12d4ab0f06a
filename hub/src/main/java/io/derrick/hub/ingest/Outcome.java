package io.derrick.hub.ingest;

/** What became of one message. Every outcome is final: the message is acknowledged to the broker. */
public record Outcome(Kind kind, int readings, String reason) {
    public enum Kind { STORED, DUPLICATE, REJECTED, IGNORED }

    static Outcome stored(int readings) {
        return new Outcome(Kind.STORED, readings, null);
    }

    static Outcome duplicate() {
        return new Outcome(Kind.DUPLICATE, 0, null);
    }

    static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, 0, reason);
    }

    static Outcome ignored() {
        return new Outcome(Kind.IGNORED, 0, null);
    }
}
