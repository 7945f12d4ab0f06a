package io.derrick.hub.testing;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub as its own process, from its installed tree ({@code bin/derrick-hub} of the distribution the build unpacks:
 * system property {@code derrick.hub.home}), as in production, so a test can kill -9 it in the middle of ingest.
 */
public final class HubProcess implements TestHub {
    private final Process process;
    private final int port;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a hub on {@code db} and {@code brokerUrl} and waits until it reports ready. */
    public static HubProcess start(TestDatabase db, String brokerUrl, String subscription, Path dir, String clientId) throws Exception {
        return start(db, brokerUrl, subscription, dir, clientId, java.util.Map.of());
    }

    /** As above, with more of the hub's settings ({@code --set key=value}). */
    public static HubProcess start(TestDatabase db, String brokerUrl, String subscription, Path dir, String clientId,
                                   java.util.Map<String, String> settings) throws Exception {
        Files.createDirectories(dir);
        Path adminPassword = Files.writeString(dir.resolve("admin-password"), InProcessHub.ADMIN_PASSWORD);
        int port = io.derrick.edge.testing.FreePort.one();
        String home = System.getProperty("derrick.hub.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin/derrick-hub"))) {
            throw new IllegalStateException("no hub distribution at derrick.hub.home=" + home + ": package the hub first (./derrick build)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(home, "bin/derrick-hub").toString(),
                "--set", "server.port=" + port,
                "--set", "hub.dataDir=" + dir,
                "--set", "db.url=" + db.url(),
                "--set", "db.user=" + db.user(),
                "--set", "db.password=" + db.password(),
                "--set", "broker.url=" + brokerUrl,
                "--set", "broker.clientId=" + clientId,
                "--set", "broker.subscription=" + subscription,
                // the contract publishes as made-up nodes on an open test broker
                "--set", "security.nodes=any",
                // a test trains the RUL models it needs itself
                "--set", "equipment.rul.autoTrain=false",
                "--set", "security.initialAdmin.username=" + InProcessHub.ADMIN,
                "--set", "security.initialAdmin.passwordFile=" + adminPassword));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        Path log = dir.resolve("hub.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_OPTS", "-Xmx256m -Dderrick.passwords.iterations=10000 " + System.getProperty("derrick.test.jvmFlags", ""));
        builder.environment().put("DERRICK_JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process p = builder.start();
        HubProcess hub = new HubProcess(p, port, log);
        hub.awaitReady();
        return hub;
    }

    /** The first admin's API client (signed in once per call: the hub may have been restarted in between). */
    @Override
    public HubClient admin() throws Exception {
        return HubClient.session(url(), InProcessHub.ADMIN, InProcessHub.ADMIN_PASSWORD);
    }

    /** The hub's health with details (broker connected, subscribed, messages queued): for a failing test's message. */
    @Override
    public String health() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/observe/health")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/observe/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the hub did not become ready within 60 s:\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook; whatever the hub received and did not commit must come back from the broker. */
    public void kill9() throws InterruptedException {
        keepLog();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String log() throws java.io.IOException {
        return Files.readString(log);
    }

    /** Keeps the log under target/hub-logs for a failed run to be read after the temp dir is gone. */
    private void keepLog() {
        try {
            Path kept = Path.of("target/hub-logs").resolve(Instant.now().toString().replace(':', '-') + "-" + port + ".log");
            Files.createDirectories(kept.getParent());
            Files.copy(log, kept);
        } catch (java.io.IOException e) {
            // best effort
        }
    }

    @Override
    public void close() throws InterruptedException {
        keepLog();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
