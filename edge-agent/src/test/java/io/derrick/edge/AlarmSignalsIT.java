package io.derrick.edge;

import io.derrick.edge.gpio.SimulatedGpio;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.protocol.Command;
import io.derrick.protocol.Event;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.Topic;
import io.derrick.protocol.TopicKind;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarms on the rig floor: rules raise alarms, the beacon and horn follow them through Pi4J (simulated
 * GPIO), the push button and the hub's cmd acknowledge, and every step reaches the broker as an event.
 */
class AlarmSignalsIT {
    private static final int BEACON = 17;
    private static final int HORN = 27;
    private static final int HEARTBEAT = 22;
    private static final int BUTTON = 23;

    @TempDir
    Path dir;
    private Mosquitto broker;
    private CountingDevice counter;
    private RecordingSubscriber hub;
    private EdgeAgent agent;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start(dir.resolve("broker"));
        counter = new CountingDevice();
        hub = new RecordingSubscriber(broker.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        hub.close();
        counter.close();
        broker.close();
    }

    private EdgeAgent startAgent(String extraYaml) throws Exception {
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01")
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 100)
                .broker(broker.url()).with(extraYaml).load(dir.resolve("agent")), Clock.systemUTC()).start();
        return agent;
    }

    @Test
    void theBeaconAndHornFollowTheAlarmsAndTheButtonAndTheHubAcknowledge() throws Exception {
        startAgent("""
                detection:
                  evaluateMs: 200
                  rules:
                    - {type: high, channel: CTR, limit: 5, forS: 0, severity: critical}
                    - {type: rate, channel: CTR, limit: 0.5, windowS: 2, forS: 0, severity: warning}
                gpio:
                  provider: simulated
                  beacon: {pin: 17, severities: [warning, critical]}
                  horn: {pin: 27, severities: [critical]}
                  heartbeat: {pin: 22, periodMs: 200}
                  ackButton: {pin: 23, debounceMs: 0}
                """);
        SimulatedGpio gpio = agent.simulatedGpio();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.alarms().active().size() == 2);
        assertThat(gpio.isOn(BEACON)).isTrue();
        assertThat(gpio.isOn(HORN)).isTrue();

        // the hub acknowledges the critical alarm through the node's cmd topic: the horn stops, the beacon stays
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.publisher().connected());
        MqttClient hubClient = new MqttClient(broker.url(), "test-hub", new MemoryPersistence());
        hubClient.connect();
        Command ack = new Command("rig-01", "edge-01", "c-1", Command.Type.ACK_ALARM, Instant.now(),
                Map.of("alarm", "rule.CTR.high", "by", "jo"));
        hubClient.publish(Topic.of("rig-01", "edge-01", TopicKind.CMD).path(), new MessageCodec().encode(ack), 1, false);
        hubClient.disconnect();
        hubClient.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gpio.isOn(HORN));
        assertThat(gpio.isOn(BEACON)).isTrue();

        // the warning is still unacknowledged; the driller's push button acknowledges what is left
        gpio.press(BUTTON);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.alarms().active().stream().allMatch(a -> a.acknowledged()));
        assertThat(gpio.isOn(BEACON)).as("the beacon stays on until the alarms clear").isTrue();
        assertThat(gpio.toggles(HEARTBEAT)).as("heartbeat LED blinks").isGreaterThanOrEqualTo(4);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(hub.events())
                .filteredOn(e -> e.type() == Event.Type.ALARM_ACKNOWLEDGED).hasSize(2));
        assertThat(hub.events()).filteredOn(e -> e.type() == Event.Type.ALARM_RAISED).extracting(Event::alarm)
                .containsExactlyInAnyOrder("rule.CTR.high", "rule.CTR.rate");
        assertThat(hub.events()).filteredOn(e -> e.type() == Event.Type.ALARM_ACKNOWLEDGED)
                .anySatisfy(e -> assertThat(e.reason()).contains("jo (hub)"))
                .anySatisfy(e -> assertThat(e.reason()).contains("push button"));
    }

    @Test
    void badRulesAndUnknownPinsAreNamedAndTheAgentKeepsPollingAndForwarding() throws Exception {
        startAgent("""
                detection:
                  rules:
                    - {type: high, channel: CTRX, limit: 5}
                gpio:
                  provider: simulated
                  beacon: {pin: 17}
                  horn: {pin: 40}
                  heartbeat: {pin: 17}
                """);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(hub.goodValues("CTR")).hasSizeGreaterThan(10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(hub.events())
                .filteredOn(e -> "config".equals(e.alarm())).singleElement().satisfies(e -> assertThat(e.reason())
                        .contains("detection.rules[0].channel: channel CTRX is not served")
                        .contains("gpio.horn.pin: unknown pin 40")
                        .contains("gpio.heartbeat.pin: GPIO 17 is already used")));
        assertThat(agent.simulatedGpio().isOn(BEACON)).as("half-configured signals stay off").isFalse();
    }
}
