package io.derrick.edge;

import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BrokerCredentialsIT {
    @TempDir
    Path dir;

    @Test
    void aBrokerRefusingTheCredentialsIsReportedClearlyAndEverythingStaysBuffered() throws Exception {
        try (Mosquitto broker = Mosquitto.startWithPassword(dir.resolve("broker"), "rig-01.edge-01", "right-password");
             CountingDevice counter = new CountingDevice()) {
            Path map = CountingDevice.writeMap(dir);
            try (EdgeAgent wrong = new EdgeAgent(AgentYaml.of("rig-01", "edge-01").device("counter", counter.port(), map.toString(), 100)
                    .broker(broker.url(), "rig-01.edge-01", "wrong-password").load(dir.resolve("wrong")), Clock.systemUTC()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> wrong.health().brokerError().contains("bad user name or password")
                        || wrong.health().brokerError().contains("not authorized"));
                long held = wrong.buffer().storedReadings();
                await().atMost(Duration.ofSeconds(10)).until(() -> wrong.buffer().storedReadings() >= held + 20);
                assertThat(wrong.publisher().connected()).isFalse();
                assertThat(wrong.health().published()).isZero();
            }
            // the same agent with the right password gets in and delivers what it held
            try (EdgeAgent right = new EdgeAgent(AgentYaml.of("rig-01", "edge-01").device("counter", counter.port(), map.toString(), 100)
                    .broker(broker.url(), "rig-01.edge-01", "right-password").load(dir.resolve("wrong")), Clock.systemUTC()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> right.publisher().connected() && right.buffer().pendingEntries() == 0
                        && right.health().published() > 20);
            }
        }
    }
}
