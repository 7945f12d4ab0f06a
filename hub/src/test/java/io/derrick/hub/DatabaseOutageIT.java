package io.derrick.hub;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.edge.testing.FreePort;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.EmbeddedPostgres;
import io.derrick.hub.testing.HubClient;
import io.derrick.hub.testing.InProcessHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under a running hub: the API and health answer at once (the pool waits db.connectTimeout,
 * not 30 s) with 503 and a reason a person understands, health follows the database down and up, and the hub logs one
 * line when it goes and one when it is back.
 */
class DatabaseOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void theApiAndHealthAnswer503WithAReasonWhileTheDatabaseIsAway() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(Database.class)).addAppender(log);
        // a server of its own, to stop and start (under target/: as root, PostgreSQL runs as nobody, which cannot enter a temp dir)
        EmbeddedPostgres postgres = new EmbeddedPostgres(Path.of("target/outage-postgres"), FreePort.one(), "nobody").start();
        try (InProcessHub hub = new InProcessHub(postgres.jdbcUrl(), postgres.user(), postgres.password(), dir.resolve("hub"))) {
            HubClient admin = hub.admin();
            assertThat(admin.get("/api/rigs").statusCode()).isEqualTo(200);
            // a hang guard (the pool's default was 30 s), not a measure: the answer comes after db.connectTimeout (2 s)
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            postgres.stop();
            HttpResponse<String> rigs = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/api/rigs"))
                    .header("Authorization", "Bearer " + admin.bearerToken().orElseThrow()).timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rigs.statusCode()).as(rigs.body()).isEqualTo(503);
            assertThat(JSON.readTree(rigs.body()).get("message").asText())
                    .startsWith("the database is not reachable (").contains("try again in a moment").doesNotContain("SQLTransientConnectionException");
            assertThat(rigs.headers().firstValue("retry-after")).hasValue("5");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/observe/health"))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");

            postgres.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/observe/health"))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            assertThat(admin.get("/api/rigs").statusCode()).isEqualTo(200);
            JsonNode checks = JSON.readTree(admin.get("/observe/health").body()).get("checks");
            assertThat(checks.get(0).get("status").asText()).isEqualTo("UP");
        } finally {
            postgres.close();
            ((Logger) LoggerFactory.getLogger(Database.class)).detachAppender(log);
        }
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("the database is not reachable")))
                .as("one line when it goes").hasSize(1);
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("the database is reachable again")))
                .as("one line when it is back").hasSize(1);
    }
}
