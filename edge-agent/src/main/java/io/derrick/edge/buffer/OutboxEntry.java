package io.derrick.edge.buffer;

/**
 * A sealed unit waiting for the broker's PUBACK: a batch of readings (ids {@code firstId..lastId}) or an
 * encoded event. Its {@code seq} is fixed when sealed, so a resend after a crash carries the same seq.
 */
public record OutboxEntry(long seq, Kind kind, long firstId, long lastId, int readings, long lastTimeMs) {
    public enum Kind { DATA, EVENT }
}
