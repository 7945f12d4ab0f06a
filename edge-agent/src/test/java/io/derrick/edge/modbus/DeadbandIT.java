package io.derrick.edge.modbus;

import io.derrick.edge.buffer.Reading;
import io.derrick.edge.buffer.ReadingSink;
import io.derrick.edge.config.DeviceConfig;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.hardware.registers.RegisterMaps;
import io.derrick.protocol.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Report-by-exception over real Modbus TCP: a channel with a deadband is stored only when it moved enough. */
class DeadbandIT {
    /** Keeps what the poller hands over, in order (the buffer's contract without its storage). */
    private static final class Collected implements ReadingSink {
        final List<Reading> readings = new CopyOnWriteArrayList<>();

        @Override
        public void append(List<Reading> polled) {
            readings.addAll(polled);
        }

        @Override
        public void appendEvent(Event event) {
        }
    }

    @Test
    void aChannelWithADeadbandIsReportedOnlyWhenItMovesBeyondIt() throws Exception {
        String map = CountingDevice.MAP.replace("decimals: 0}", "decimals: 0, deadband: 4}");
        try (CountingDevice counter = new CountingDevice()) {
            DeviceConfig device = new DeviceConfig("counter", new DeviceConfig.TcpEndpoint("127.0.0.1", counter.port()), null, 1,
                    RegisterMaps.parse(new ByteArrayInputStream(map.getBytes(StandardCharsets.UTF_8)), "counter.yaml", "counter"),
                    Map.of("default", 50), 500, 1000, 60_000);
            Collected sink = new Collected();
            try (DevicePoller poller = new DevicePoller("rig-01", "edge-01", device, J2modSession::new, sink, all -> { }, new AgentMetrics(), Clock.systemUTC()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> counter.count() >= 40);
            }
            List<Double> values = sink.readings.stream().map(Reading::value).toList();
            assertThat(values.getFirst()).isEqualTo(1.0);
            for (int i = 1; i < values.size(); i++) {
                assertThat(values.get(i) - values.get(i - 1)).as("each stored value moved more than the deadband of 4").isEqualTo(5.0);
            }
            assertThat(values.size()).isLessThanOrEqualTo((int) (counter.count() / 5) + 1);
        }
    }
}
