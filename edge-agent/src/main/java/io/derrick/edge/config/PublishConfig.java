package io.derrick.edge.config;

/**
 * How readings leave the buffer: sealed into a batch every {@code batchMs} (or at {@code maxBatchReadings}),
 * at most {@code maxInFlight} batches awaiting PUBACK, gzip when {@code compress}.
 */
public record PublishConfig(int batchMs, int maxBatchReadings, int maxInFlight, boolean compress, int healthLogS) {
}
