package io.derrick.edge.config;

import java.nio.file.Path;

/**
 * The SQLite store-and-forward buffer. When it holds more than {@code maxReadings}, or readings older
 * than {@code maxAgeHours}, the oldest go first and the loss is counted and reported.
 */
public record BufferConfig(Path path, long maxReadings, int maxAgeHours, Synchronous synchronous) {
    /**
     * SQLite's durability. FULL (default) fsyncs every commit: a power cut loses nothing committed.
     * NORMAL in WAL mode survives a killed process but may lose the last commits on power loss.
     */
    public enum Synchronous { FULL, NORMAL }
}
