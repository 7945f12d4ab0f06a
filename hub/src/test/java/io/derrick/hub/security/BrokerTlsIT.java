package io.derrick.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.FreePort;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker's TLS listener: a certificate made with the JDK's keytool, an agent that trusts it and signs in
 * with its node credential over TLS, and the hub storing what it sends.
 */
class BrokerTlsIT {
    private static final String PASSWORD = "keystore secret";

    @Test
    void aNodeDeliversOverTlsWithItsCredential(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path ca = dir.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=derrick-broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", ca.toString());
        int tlsPort = FreePort.one();
        try (TestDatabase db = TestDatabase.create();
             InProcessHub hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("security.nodes", "registered",
                     "broker.embedded.tls.port", Integer.toString(tlsPort), "broker.embedded.tls.keystore", keystore.toString(),
                     "broker.embedded.tls.password", PASSWORD));
             CountingDevice counter = new CountingDevice()) {
            assertThat(hub.hub().brokerTlsUrl()).isEqualTo("ssl://127.0.0.1:" + tlsPort);
            JsonNode issued = hub.admin().json("POST", "/api/admin/nodes", "{\"rig\":\"rig-05\",\"node\":\"edge-01\"}", 201);
            EdgeAgent agent = new EdgeAgent(AgentYaml.of("rig-05", "edge-01")
                    .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 100)
                    .brokerTls(hub.hub().brokerTlsUrl(), issued.get("username").asText(), issued.get("password").asText(), ca)
                    .load(dir.resolve("agent")), Clock.systemUTC()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-05'") > 2);
            } finally {
                agent.close();
            }
        }
    }

    /**
     * The hub's own connection to an external broker over TLS, checked against {@code broker.caFile}; without it the hub
     * says why it receives nothing (an untrusted certificate) instead of "Untranslated MqttException - RC: 0".
     */
    @Test
    void theHubTrustsAMosquittoOverTlsByItsCaFileAndSaysWhyNotWithout(@TempDir Path dir) throws Exception {
        io.derrick.edge.testing.TestCertificates certs = io.derrick.edge.testing.TestCertificates.make(dir.resolve("certs"));
        int tlsPort = FreePort.one();
        try (TestDatabase db = TestDatabase.create();
             io.derrick.edge.testing.Mosquitto broker = io.derrick.edge.testing.Mosquitto.startWith(dir.resolve("mosquitto"),
                     "allow_anonymous true\n" + certs.mosquittoListener(tlsPort))) {
            String tls = "ssl://127.0.0.1:" + tlsPort;
            try (InProcessHub untrusting = new InProcessHub(db, dir.resolve("hub-1"), null, Map.of("broker.url", tls,
                    "broker.subscription", "exclusive", "broker.clientId", "hub-untrusting"))) {
                JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(untrusting.get("/observe/health").body());
                assertThat(health.get("status").asText()).isEqualTo("DOWN");
                assertThat(health.get("checks").get(1).get("data").get("reason").asText())
                        .contains("the broker's TLS certificate is not trusted").contains("set broker.caFile");
            }
            try (InProcessHub trusting = new InProcessHub(db, dir.resolve("hub-2"), null, Map.of("broker.url", tls,
                    "broker.caFile", certs.ca().toString(), "broker.subscription", "exclusive", "broker.clientId", "hub-trusting"));
                 io.derrick.hub.testing.Publisher node = new io.derrick.hub.testing.Publisher(broker.url(), "rig-06-edge-01")) {
                assertThat(trusting.get("/observe/health").statusCode()).isEqualTo(200);
                node.publish(new io.derrick.protocol.ReadingBatch("rig-06", "edge-01", 1, List.of(new io.derrick.protocol.ChannelSeries("HKLD",
                        new long[] {System.currentTimeMillis()}, new double[] {900}, new io.derrick.protocol.Quality[] {io.derrick.protocol.Quality.GOOD}))));
                await().atMost(Duration.ofSeconds(15)).until(() -> db.count("SELECT count(*) FROM received_message WHERE rig_id = 'rig-06'") == 1);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
