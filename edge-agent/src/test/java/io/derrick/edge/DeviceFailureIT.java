package io.derrick.edge;

import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.health.DeviceState;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.FreePort;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.hardware.simulator.DrillingModel;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.protocol.Event;
import io.derrick.protocol.Quality;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rig simulator over real Modbus TCP, through the agent, to Mosquitto: devices fail one at a time. */
class DeviceFailureIT {
    @TempDir
    Path dir;
    private Mosquitto broker;
    private Simulator simulator;
    private RecordingSubscriber hub;
    private EdgeAgent agent;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start(dir.resolve("broker"));
        simulator = new Simulator(new Simulator.Settings(1, "rig-", InetAddress.getLoopbackAddress(), FreePort.block(10), 3, 1,
                DrillingModel.Scenario.DRILLING, List.of())).start();
        hub = new RecordingSubscriber(broker.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        hub.close();
        simulator.close();
        broker.close();
    }

    @Test
    void simulatedRigChannelsArriveThroughTheRealRegisterMaps() throws Exception {
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01").simulatedRig(simulator.rig(0), 200)
                .broker(broker.url()).load(dir.resolve("agent")), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("MP1_PWR").size() >= 5 && hub.goodValues("RIGACT").size() >= 5);
        double bitDepth = hub.samples("BDEP").getLast().value();
        assertThat(bitDepth).isCloseTo(simulator.rig(0).lastValues().get("BDEP"), org.assertj.core.data.Offset.offset(2.0));
        assertThat(hub.samples("HKLD").getLast().value()).as("hookload of a string at ~1500 m, kN").isBetween(300.0, 900.0);
        assertThat(hub.samples("MP1_PWR").getLast().value()).as("int32 low-word-first decoded").isBetween(-50.0, 1500.0);
        assertThat(hub.births().getLast().channels()).hasSize(23);
    }

    @Test
    void anUnpluggedDeviceGoesStaleWhileTheOthersKeepFlowing() throws Exception {
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01").simulatedRig(simulator.rig(0), 200)
                .broker(broker.url()).load(dir.resolve("agent")), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("MP1_CUR").size() >= 3);
        simulator.rig(0).device("vfd").unplug();
        long unpluggedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.samples("MP1_CUR").stream().anyMatch(s -> s.quality() == Quality.STALE)
                && hub.events().stream().anyMatch(e -> e.type() == Event.Type.DEVICE_DOWN));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.samples("HKLD").stream()
                .filter(s -> s.timeMs() > unpluggedAt + 2000 && s.quality() == Quality.GOOD).count() >= 5);
        assertThat(deviceState("vfd")).isEqualTo(DeviceState.DOWN);
        assertThat(deviceState("adam")).isEqualTo(DeviceState.UP);

        simulator.rig(0).device("vfd").plugIn();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.events().stream().anyMatch(e -> e.type() == Event.Type.DEVICE_UP));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.samples("MP1_CUR").getLast().quality() == Quality.GOOD);
        assertThat(hub.events()).as("one precision on the wire: milliseconds, as for alarms")
                .filteredOn(e -> e.type() == Event.Type.DEVICE_DOWN || e.type() == Event.Type.DEVICE_UP)
                .isNotEmpty().allSatisfy(e -> assertThat(e.at().getNano() % 1_000_000).isZero());
    }

    @Test
    void anUnreachableDeviceAtStartIsReportedAndDelaysNobody() throws Exception {
        int nobodyListens = FreePort.one();
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01").simulatedRig(simulator.rig(0), 200)
                .device("ghost", nobodyListens, dir.resolve("ghost.yaml").toString(), 200)
                .broker(broker.url()).load(write(dir)), Clock.systemUTC()).start();
        long started = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("WOB").size() >= 20);
        long elapsed = System.currentTimeMillis() - started;
        assertThat(hub.goodValues("WOB").size()).as("WOB at its 200 ms pace despite the dead device").isGreaterThanOrEqualTo((int) (elapsed / 200 / 2));
        AgentMetrics.DeviceHealth ghost = agent.health().devices().stream().filter(d -> d.name().equals("ghost")).findFirst().orElseThrow();
        assertThat(ghost.state()).isEqualTo(DeviceState.DOWN);
        assertThat(ghost.lastError()).containsIgnoringCase("refused");
        assertThat(hub.samples("GHOST")).isNotEmpty().allSatisfy(s -> assertThat(s.quality()).isEqualTo(Quality.STALE));
    }

    private static Path write(Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("ghost.yaml"), """
                device: Ghost
                points:
                  - {mnemonic: GHOST, unit: kPa, function: holding, register: 0, type: uint16, min: 0, max: 1000}
                """);
        return dir.resolve("agent");
    }

    private DeviceState deviceState(String name) {
        return agent.health().devices().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().state();
    }
}
