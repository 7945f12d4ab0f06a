package io.derrick.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.Publisher;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A deployment on Debian's Mosquitto: the hub's password file and ACL hold each node to its own topics, and the hub
 * itself refuses data of a node it has not registered, even from a broker that lets anyone in.
 */
class MosquittoNodeSecurityIT {
    @TempDir
    Path dir;

    private static ReadingBatch batch(String rig, String node, long seq) {
        return new ReadingBatch(rig, node, seq, List.of(new ChannelSeries("HKLD", new long[] {Instant.now().toEpochMilli()},
                new double[] {1000}, new Quality[] {Quality.GOOD})));
    }

    @Test
    void theHubRejectsAnUnregisteredNodeEvenWhenTheBrokerLetsItIn() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Mosquitto open = Mosquitto.start(dir.resolve("open"));
             InProcessHub hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("security.nodes", "registered",
                     "broker.url", open.url(), "broker.subscription", "exclusive"))) {
            hub.admin().json("POST", "/api/admin/nodes", "{\"rig\":\"rig-01\",\"node\":\"edge-01\"}", 201);
            try (Publisher anyone = new Publisher(open.url(), "anyone")) {
                anyone.publish(batch("rig-66", "edge-01", 1));
                anyone.publish(batch("rig-01", "edge-01", 1));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> db.count("SELECT count(*) FROM rejected_message") == 1
                    && db.count("SELECT count(*) FROM received_message") == 1);
            assertThat((String) db.query("SELECT reason FROM rejected_message").get(0).get(0))
                    .contains("rig-66/edge-01 is not registered");
            assertThat(db.count("SELECT count(*) FROM rig WHERE id = 'rig-66'")).isZero();
        }
    }

    /**
     * deploy/mosquitto/sync-credentials.sh against Debian's Mosquitto: the registered node gets in with its credential,
     * a removed one no longer does, and only the Mosquitto the script manages reloads (its pid file), not another.
     */
    @Test
    void syncCredentialsInstallsTheHubsFilesAndReloadsOnlyItsMosquitto() throws Exception {
        Path script = Path.of("../deploy/mosquitto/sync-credentials.sh").toAbsolutePath().normalize();
        try (TestDatabase db = TestDatabase.create();
             InProcessHub hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("broker.username", "derrick-hub",
                     "broker.password", "hub broker secret"));
             Mosquitto bystander = Mosquitto.start(dir.resolve("bystander"))) {
            HubClient admin = hub.admin();
            String token = admin.bearerToken().orElseThrow();
            JsonNode first = admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-01\",\"node\":\"edge-01\"}", 201);
            Path etc = Files.createDirectories(dir.resolve("etc-mosquitto"));
            Path pidFile = etc.resolve("mosquitto.pid");
            assertThat(sync(script, hub.url(), token, etc, pidFile)).contains("2 user(s) written", "reads them when it starts");

            try (Mosquitto broker = Mosquitto.startWith(dir.resolve("managed"), "allow_anonymous false\npassword_file "
                    + etc.resolve("derrick.passwd") + "\nacl_file " + etc.resolve("derrick.acl") + "\npid_file " + pidFile)) {
                new Publisher(broker.url(), "rig-01-edge-01", "rig-01.edge-01", first.get("password").asText()).close();
                new Publisher(broker.url(), "hub-ingest", "derrick-hub", "hub broker secret").close();

                JsonNode second = admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-02\",\"node\":\"edge-01\"}", 201);
                admin.send("DELETE", "/api/admin/nodes/rig-01/edge-01", null);
                assertThat(sync(script, hub.url(), token, etc, pidFile)).contains("2 user(s) written", "reloads them");
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.log().contains("Reloading config"));
                new Publisher(broker.url(), "rig-02-edge-01", "rig-02.edge-01", second.get("password").asText()).close();
                assertThatThrownBy(() -> new Publisher(broker.url(), "rig-01-edge-01", "rig-01.edge-01", first.get("password").asText()).close())
                        .as("a removed node cannot connect").isInstanceOf(Exception.class);
                assertThat(bystander.log()).as("the other Mosquitto on the host was not signalled").doesNotContain("Reloading config");
                assertThat(Files.getPosixFilePermissions(etc.resolve("derrick.passwd"))).doesNotContain(
                        java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            }
        }
        ProcessBuilder noToken = new ProcessBuilder("bash", script.toString(), "http://127.0.0.1:1").redirectErrorStream(true);
        noToken.environment().remove("DERRICK_TOKEN");
        Process p = noToken.start();
        assertThat(new String(p.getInputStream().readAllBytes())).contains("set DERRICK_TOKEN to an API token of an admin");
        assertThat(p.waitFor()).isEqualTo(2);
    }

    private static String sync(Path script, String hubUrl, String token, Path dir, Path pidFile) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", script.toString(), hubUrl, dir.toString()).redirectErrorStream(true);
        b.environment().put("DERRICK_TOKEN", token);
        b.environment().put("MOSQUITTO_PID_FILE", pidFile.toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void mosquittoWithTheHubsPasswordFileAndAclHoldsEachNodeToItsTopics() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             InProcessHub hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("broker.username", "hub",
                     "broker.password", "hub's broker secret"))) {
            HubClient admin = hub.admin();
            JsonNode a = admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-01\",\"node\":\"edge-01\"}", 201);
            admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-02\",\"node\":\"edge-01\"}", 201);
            Path passwd = dir.resolve("derrick.passwd");
            Path acl = dir.resolve("derrick.acl");
            Files.writeString(passwd, admin.get("/api/admin/broker/mosquitto.passwd").body());
            Files.writeString(acl, admin.get("/api/admin/broker/mosquitto.acl").body());
            assertThat(Files.readString(passwd)).contains("rig-01.edge-01:$7$101$", "hub:$7$101$").doesNotContain(a.get("password").asText());
            assertThat(Files.readString(acl)).contains("user rig-01.edge-01\ntopic write derrick/v1/rig-01/edge-01/data");

            try (Mosquitto broker = Mosquitto.startWith(dir.resolve("mosquitto"),
                    "allow_anonymous false\npassword_file " + passwd + "\nacl_file " + acl);
                 RecordingSubscriber watcher = new RecordingSubscriber(broker.url(), "hub", "hub's broker secret")) {
                assertThatThrownBy(() -> new Publisher(broker.url(), "anon").close()).isInstanceOf(Exception.class);
                assertThatThrownBy(() -> new Publisher(broker.url(), "guess", "rig-01.edge-01", "wrong").close()).isInstanceOf(Exception.class);
                try (Publisher node = new Publisher(broker.url(), "rig-01-edge-01", "rig-01.edge-01", a.get("password").asText())) {
                    node.publish(batch("rig-02", "edge-01", 1));   // as another rig: Mosquitto drops it
                    node.publish(batch("rig-01", "edge-01", 7));   // its own
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.batches().stream().anyMatch(b -> b.rig().equals("rig-01")));
                assertThat(watcher.batches()).as("what reached the broker's subscribers").extracting(ReadingBatch::rig).containsExactly("rig-01");
            }
        }
    }
}
