package io.derrick.edge.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and states of one agent, written by the pipeline stages and read as a {@link HealthSnapshot}
 * by the health log line (and the status page). Rates are derived by readers from the counters.
 */
public final class AgentMetrics {
    public final LongAdder polled = new LongAdder();
    public final LongAdder buffered = new LongAdder();
    public final LongAdder published = new LongAdder();
    public final LongAdder batchesAcked = new LongAdder();
    public final LongAdder bytesPublished = new LongAdder();
    public final LongAdder pollFailures = new LongAdder();
    private final AtomicReference<String> brokerState = new AtomicReference<>("connecting");
    private final AtomicReference<String> brokerError = new AtomicReference<>("");
    private final Map<String, DeviceHealth> devices = new ConcurrentHashMap<>();

    public record DeviceHealth(String name, String endpoint, DeviceState state, String lastError, Instant lastSuccess,
                               long reads, long failures) {
    }

    public void device(String name, String endpoint, DeviceState state, String lastError, Instant lastSuccess, long reads, long failures) {
        devices.put(name, new DeviceHealth(name, endpoint, state, lastError, lastSuccess, reads, failures));
    }

    public void broker(String state, String error) {
        brokerState.set(state);
        brokerError.set(error == null ? "" : error);
    }

    public HealthSnapshot snapshot(long backlogReadings, long backlogBatches, long droppedTotal) {
        return new HealthSnapshot(Instant.now(), polled.sum(), buffered.sum(), published.sum(), batchesAcked.sum(),
                bytesPublished.sum(), pollFailures.sum(), backlogReadings, backlogBatches, droppedTotal,
                brokerState.get(), brokerError.get(), List.copyOf(devices.values().stream()
                .sorted(java.util.Comparator.comparing(DeviceHealth::name)).toList()));
    }
}
