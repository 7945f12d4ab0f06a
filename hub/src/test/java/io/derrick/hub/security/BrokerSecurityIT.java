package io.derrick.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker with per-node credentials, as the demo and a deployment run it: who may connect, and that a
 * node publishes and reads only as itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerSecurityIT {
    private static final int NOT_AUTHORIZED = 0x87;
    private final MessageCodec codec = new MessageCodec();
    private TestDatabase db;
    private InProcessHub hub;
    private HubClient admin;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        db = TestDatabase.create();
        hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("security.nodes", "registered"));
        admin = hub.admin();
    }

    @AfterAll
    void stop() throws Exception {
        hub.close();
        db.close();
    }

    private JsonNode register(String rig, String node) throws Exception {
        return admin.json("POST", "/api/admin/nodes", "{\"rig\":\"" + rig + "\",\"node\":\"" + node + "\"}", 201);
    }

    private MqttAsyncClient connect(String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(hub.hub().brokerUrl(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private int publish(MqttAsyncClient client, String rig, String node, long seq) throws MqttException {
        long t = Instant.now().toEpochMilli();
        ReadingBatch batch = new ReadingBatch(rig, node, seq, List.of(new ChannelSeries("HKLD", new long[] {t}, new double[] {1234},
                new Quality[] {Quality.GOOD})));
        MqttMessage m = new MqttMessage(codec.encode(batch, true));
        m.setQos(1);
        IMqttToken token = client.publish(batch.topic().path(), m);
        token.waitForCompletion(10_000);
        return token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0];
    }

    @Test
    void anAnonymousClientOrAWrongPasswordCannotConnect() throws Exception {
        assertThatThrownBy(() -> connect("anonymous", null, null)).isInstanceOf(MqttException.class);
        JsonNode issued = register("rig-09", "edge-01");
        assertThat(issued.get("username").asText()).isEqualTo("rig-09.edge-01");
        assertThatThrownBy(() -> connect("guesser", "rig-09.edge-01", "not-the-secret")).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("hub-impostor", "derrick-hub", "a guess")).isInstanceOf(MqttException.class);
        connect("rig-09", "rig-09.edge-01", issued.get("password").asText()).disconnect().waitForCompletion(10_000);
        // and the admin API refuses a second registration, a bad id and a viewer
        admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-09\",\"node\":\"edge-01\"}", 409);
        assertThat(admin.json("POST", "/api/admin/nodes", "{\"rig\":\"Rig 9\",\"node\":\"\",\"extra\":1}", 400).get("fields"))
                .extracting(f -> f.get("field").asText()).containsExactlyInAnyOrder("rig", "node", "extra");
    }

    @Test
    void aNodePublishesAndReadsOnlyAsItself() throws Exception {
        JsonNode issued = register("rig-01", "edge-01");
        MqttAsyncClient node = connect("rig-01-edge-01", "rig-01.edge-01", issued.get("password").asText());
        assertThat(publish(node, "rig-01", "edge-01", 1)).as("its own data").isLessThan(0x80);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-01'") == 1);

        IMqttToken own = node.subscribe(new MqttSubscription("derrick/v1/rig-01/edge-01/cmd", 1));
        own.waitForCompletion(10_000);
        assertThat(own.getReasonCodes()[0]).as("its own commands").isLessThan(0x80);
        node.disconnect().waitForCompletion(10_000);

        // anything else: the broker refuses, and HiveMQ closes the connection of a node that publishes where it may not
        String password = issued.get("password").asText();
        assertThat(refusal(c -> publish(c, "rig-02", "edge-01", 1), password)).as("data as another rig").isEqualTo(NOT_AUTHORIZED);
        assertThat(refusal(c -> publish(c, "rig-01", "edge-02", 1), password)).as("as another node of its rig").isEqualTo(NOT_AUTHORIZED);
        assertThat(refusal(c -> subscribe(c, "derrick/v1/rig-02/edge-01/cmd"), password)).as("another node's commands").isEqualTo(NOT_AUTHORIZED);
        assertThat(refusal(c -> subscribe(c, "derrick/v1/#"), password)).as("the fleet's traffic").isEqualTo(NOT_AUTHORIZED);
        Thread.sleep(1000);
        assertThat(db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-02' OR node_id = 'edge-02'")).isZero();
    }

    @FunctionalInterface
    private interface Attempt {
        int run(MqttAsyncClient client) throws MqttException;
    }

    /** The reason code of an attempt by rig-01/edge-01 on a fresh connection: the ack's, or the disconnect's. */
    private int refusal(Attempt attempt, String password) throws MqttException {
        MqttAsyncClient client = connect("rig-01-edge-01-" + System.nanoTime(), "rig-01.edge-01", password);
        try {
            return attempt.run(client);
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            try {
                if (client.isConnected()) {
                    // bounded: when the broker drops the refused client at the same moment, Paho's token may never complete
                    client.disconnect(1_000).waitForCompletion(5_000);
                }
            } catch (MqttException closedMeanwhile) {
                // the broker closed the connection of the refused client at the same moment
            }
            client.close(true);
        }
    }

    private static int subscribe(MqttAsyncClient client, String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    @Test
    void anAgentWithItsIssuedCredentialDeliversAndARotatedOrRemovedOneIsRefused() throws Exception {
        JsonNode issued = register("rig-03", "edge-01");
        try (CountingDevice counter = new CountingDevice()) {
            EdgeAgent agent = new EdgeAgent(AgentYaml.of("rig-03", "edge-01")
                    .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 100)
                    .broker(hub.hub().brokerUrl(), issued.get("username").asText(), issued.get("password").asText())
                    .load(dir.resolve("agent")), Clock.systemUTC()).start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-03'") > 2);
            } finally {
                agent.close();
            }
        }
        JsonNode rotated = admin.json("POST", "/api/admin/nodes/rig-03/edge-01/credential", null, 200);
        assertThat(rotated.get("password").asText()).isNotEqualTo(issued.get("password").asText());
        assertThatThrownBy(() -> connect("old", "rig-03.edge-01", issued.get("password").asText())).isInstanceOf(MqttException.class);
        connect("new", "rig-03.edge-01", rotated.get("password").asText()).disconnect().waitForCompletion(10_000);

        admin.json("DELETE", "/api/admin/nodes/rig-03/edge-01", null, 204);
        assertThatThrownBy(() -> connect("removed", "rig-03.edge-01", rotated.get("password").asText())).isInstanceOf(MqttException.class);
        assertThat(admin.json("GET", "/api/audit?entity=node&entityId=rig-03.edge-01", null, 200))
                .extracting(a -> a.get("action").asText()).containsExactly("node.remove", "node.rotateCredential", "node.register");
        assertThat(admin.json("GET", "/api/audit?entity=node", null, 200).toString()).doesNotContain(rotated.get("password").asText());
    }
}
