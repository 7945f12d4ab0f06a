package io.derrick.hub.testing;

import io.derrick.hub.Hub;
import io.derrick.hub.HubConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** The hub in the test's JVM on a test database, with its embedded broker on a free port. */
public final class InProcessHub implements AutoCloseable {
    private final Hub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    public InProcessHub(TestDatabase db, Path dir) {
        this(db, dir, null);
    }

    /** With a config file of the test's (alert rules, mail server), under the test database and ports. */
    public InProcessHub(TestDatabase db, Path dir, Path configFile) {
        hub = new Hub(HubConfig.load(configFile, Map.of(
                "server.port", "0",
                "hub.dataDir", dir.toString(),
                "db.url", db.url(),
                "db.user", db.user(),
                "db.password", db.password(),
                "broker.embedded.port", Integer.toString(io.derrick.edge.testing.FreePort.one())))).start();
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public Hub hub() {
        return hub;
    }

    public String url() {
        return hub.url();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        hub.close();
    }
}
