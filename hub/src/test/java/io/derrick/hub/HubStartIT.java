package io.derrick.hub;

import io.derrick.edge.testing.FreePort;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hub that cannot start says why and leaves nothing running; a second hub never takes over the first one's files. */
class HubStartIT {
    @TempDir
    Path dir;

    private static HubConfig config(TestDatabase db, Path dataDir, int brokerPort) {
        return HubConfig.load(null, Map.of("server.port", "0", "hub.dataDir", dataDir.toString(), "db.url", db.url(),
                "db.user", db.user(), "db.password", db.password(), "broker.embedded.port", Integer.toString(brokerPort)));
    }

    @Test
    void aSecondHubOnTheSameDataDirectoryIsRefusedAndTheFirstGoesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create(); InProcessHub first = new InProcessHub(db, dir.resolve("hub"))) {
            assertThatThrownBy(() -> new Hub(config(db, dir.resolve("hub"), FreePort.one())).start())
                    .hasMessageContaining("another hub (pid " + ProcessHandle.current().pid() + ") is running on")
                    .hasMessageContaining("give this one its own hub.dataDir");
            assertThat(first.get("/api/rigs").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBrokerPortInUseFailsTheStartCleanlyAndTheNextStartWorks() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new Hub(config(db, dir.resolve("hub"), taken.getLocalPort())).start())
                    .hasMessageContaining("the embedded MQTT broker did not start on 127.0.0.1:" + taken.getLocalPort());
            // nothing was left holding the data directory or the database
            try (Hub hub = new Hub(config(db, dir.resolve("hub"), FreePort.one())).start()) {
                assertThat(hub.database().isReachable()).isTrue();
            }
        }
    }
}
