package io.derrick.hub.security;

import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's rate limits, on a hub of their own with low limits: per credential, and sign-ins per address.
 * (Its own class: two embedded brokers in one JVM at once do not get along, see the issue 5 note.)
 */
class RateLimitIT {
    @Test
    void aCredentialOverItsRateAndAnAddressOverItsSignInsGet429WithRetryAfter(@TempDir Path dir) throws Exception {
        try (TestDatabase own = TestDatabase.create()) {
            Path config = dir.resolve("hub.yaml");
            Files.writeString(config, "security: {signInsPerMinute: 3, requestsPerMinute: 20}\n");
            try (InProcessHub limited = new InProcessHub(own, dir.resolve("hub"), config)) {
                HubClient session = HubClient.session(limited.url(), InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    statuses.add(session.get("/api/rigs").statusCode());
                }
                assertThat(statuses.subList(0, 19)).containsOnly(200);
                assertThat(statuses).contains(429);
                HttpResponse<String> limitedCall = session.get("/api/rigs");
                assertThat(limitedCall.headers().firstValue("Retry-After")).isPresent();

                List<Integer> signIns = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    signIns.add(limited.anonymous().post("/api/session", "{\"username\":\"a\",\"password\":\"b\"}").statusCode());
                }
                // one sign-in above was the session's: two more wrong ones, then the address waits
                assertThat(signIns).containsExactly(401, 401, 429, 429);
            }
        }
    }

}
