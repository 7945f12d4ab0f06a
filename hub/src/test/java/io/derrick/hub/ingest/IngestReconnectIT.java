package io.derrick.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * A broker that takes the connection and never answers (a Mosquitto reloading under load did this to the hub): the
 * hub's connect times out, and the hub must still connect once a real broker answers on that address. Paho's client
 * stays "connecting" after such a timeout and refuses every later connect (32110); the ingest makes a new client.
 */
class IngestReconnectIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aConnectThatTimedOutDoesNotKeepTheHubFromTheBrokerForGood() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = blackHole.getLocalPort();
        Thread accepter = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(blackHole.accept());       // accepted, read from never, answered never
                }
            } catch (java.io.IOException closed) {
                // the test closed it
            }
        });
        try (TestDatabase db = TestDatabase.create();
             InProcessHub hub = new InProcessHub(db, dir.resolve("hub"), null, Map.of("broker.url", "tcp://127.0.0.1:" + port,
                     "broker.subscription", "exclusive"))) {
            HubClient admin = hub.admin();
            // the connect waits for an answer that does not come, and times out
            await().atMost(Duration.ofSeconds(60)).until(() -> reason(admin).contains("Timed out"));
            blackHole.close();
            accepter.join();
            for (Socket s : held) {
                s.close();
            }
            try (Mosquitto broker = Mosquitto.startOn(dir.resolve("mosquitto"), port)) {
                await("the hub connects to the broker that now answers; its health: " + health(admin))
                        .atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(status(admin)));
            }
        }
    }

    private static JsonNode brokerCheck(HubClient admin) throws Exception {
        for (JsonNode c : JSON.readTree(admin.get("/observe/health").body()).path("checks")) {
            if (c.get("name").asText().equals("broker")) {
                return c;
            }
        }
        return JSON.createObjectNode();
    }

    private static String status(HubClient admin) throws Exception {
        return brokerCheck(admin).path("status").asText();
    }

    private static String reason(HubClient admin) throws Exception {
        return brokerCheck(admin).toString();
    }

    private static String health(HubClient admin) {
        try {
            return brokerCheck(admin).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
