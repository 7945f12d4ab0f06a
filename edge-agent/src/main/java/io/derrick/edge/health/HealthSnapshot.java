package io.derrick.edge.health;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's health at one instant; {@link #logLine()} is the structured line operators grep. */
public record HealthSnapshot(Instant at, long polled, long buffered, long published, long batchesAcked, long bytesPublished,
                             long pollFailures, long backlogReadings, long backlogBatches, long droppedTotal,
                             String broker, String brokerError, List<AgentMetrics.DeviceHealth> devices) {

    public double bytesPerReading() {
        return published == 0 ? 0 : (double) bytesPublished / published;
    }

    public String logLine() {
        String deviceText = devices.stream()
                .map(d -> d.name() + "=" + d.state().name().toLowerCase() + (d.state() == DeviceState.DOWN ? "(" + d.lastError() + ")" : ""))
                .collect(Collectors.joining(","));
        return String.format("health polled=%d buffered=%d published=%d batches_acked=%d bytes_per_reading=%.2f backlog_readings=%d "
                        + "backlog_batches=%d dropped_total=%d poll_failures=%d broker=%s%s devices=%s",
                polled, buffered, published, batchesAcked, bytesPerReading(), backlogReadings, backlogBatches, droppedTotal,
                pollFailures, broker, brokerError.isEmpty() ? "" : "(" + brokerError + ")", deviceText);
    }
}
