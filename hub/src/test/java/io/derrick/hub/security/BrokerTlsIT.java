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

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
