package io.derrick.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.derrick.edge.testing.FreePort;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.TestCertificates;
import io.derrick.hub.platform.db.EmbeddedPostgres;
import io.derrick.hub.testing.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/install.md as an operations engineer follows it, from the installable archives: Debian's PostgreSQL (a cluster of
 * the test's, scram passwords, the hub's own role and database), Debian's Mosquitto with TLS for the rig and the password
 * file and ACL the hub writes (installed by deploy/mosquitto/sync-credentials.sh), the first admin from the hub's command
 * line, the hub from its launcher with a config made from conf/hub.example.yaml, the simulator and an agent from theirs.
 * Every reading the agent took is stored exactly once across a broker restart and a database restart, and the hub's
 * health follows both outages.
 */
class ProductionPathIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "ops.admin";
    private static final String ADMIN_PASSWORD = "pump room 42 night shift";
    private static final String DB_PASSWORD = "derrick database secret";
    private static final String HUB_BROKER_PASSWORD = "derrick hub broker secret";

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws Exception {
        for (Process p : processes.reversed()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aRigsReadingsReachDebiansPostgresExactlyOnceAcrossABrokerAndADatabaseRestart() throws Exception {
        Map<String, Path> opt = unpackArchives(dir.resolve("opt"));

        // PostgreSQL from Debian's package: the role and the database the hub owns (docs/install.md)
        Path pgHome = Path.of("target/production-postgres").toAbsolutePath();
        io.derrick.hub.testing.TestFiles.deleteTree(pgHome);
        EmbeddedPostgres postgres = EmbeddedPostgres.withBinaries(debianPostgres(), pgHome, FreePort.one(), "nobody").start();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the schema needs PostgreSQL 15 or newer").isGreaterThanOrEqualTo(150000);
                assertThat(rs.getString(2)).as("Debian's package").contains("Debian");
            }
            s.execute("CREATE ROLE derrick LOGIN PASSWORD '" + DB_PASSWORD + "'");
            s.execute("CREATE DATABASE derrick OWNER derrick");
        }

        // Mosquitto: TLS for the rigs, plain on loopback for the hub, whose own user is there before its first start
        TestCertificates certs = TestCertificates.make(dir.resolve("certs"));
        Path etc = Files.createDirectories(dir.resolve("etc-mosquitto"));
        run(List.of("mosquitto_passwd", "-c", "-b", etc.resolve("derrick.passwd").toString(), "derrick-hub", HUB_BROKER_PASSWORD), Map.of(), null);
        Files.writeString(etc.resolve("derrick.acl"), "user derrick-hub\ntopic read derrick/v1/#\ntopic write derrick/v1/+/+/cmd\n");
        int tlsPort = FreePort.one();
        Path pidFile = etc.resolve("mosquitto.pid");
        try (Mosquitto broker = Mosquitto.startWith(dir.resolve("mosquitto"), "allow_anonymous false\npassword_file "
                + etc.resolve("derrick.passwd") + "\nacl_file " + etc.resolve("derrick.acl") + "\npid_file " + pidFile + "\n"
                + certs.mosquittoListener(tlsPort))) {

            // the hub's config, from the example an operator copies
            int httpPort = FreePort.one();
            String url = "http://127.0.0.1:" + httpPort;
            Path hubYaml = dir.resolve("hub.yaml");
            Files.writeString(hubYaml, Files.readString(opt.get("hub").resolve("conf/hub.example.yaml"))
                    .replace("host: 0.0.0.0 ", "host: 127.0.0.1 ")
                    .replace("port: 8080", "port: " + httpPort)
                    .replace("dataDir: /var/lib/derrick/hub", "dataDir: " + dir.resolve("hub-data"))
                    .replace("publicUrl: https://derrick.example.com", "publicUrl: " + url)
                    .replace("jdbc:postgresql://127.0.0.1:5432/derrick", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/derrick")
                    .replace("url: tcp://127.0.0.1:1883", "url: " + broker.url())
                    .replace("secureCookies: true", "secureCookies: false"));      // no TLS proxy in front here
            Map<String, String> secrets = Map.of("DB_PASSWORD", DB_PASSWORD, "BROKER_PASSWORD", HUB_BROKER_PASSWORD);
            Path hub = opt.get("hub").resolve("bin/derrick-hub");

            // the first admin, from the command line, before the first start
            String created = run(List.of(hub.toString(), "--config", hubYaml.toString(), "users", "add", ADMIN, "--roles", "admin,manager",
                    "--password-stdin"), secrets, ADMIN_PASSWORD + "\n");
            assertThat(created).contains("created " + ADMIN);

            start(List.of(hub.toString(), "--config", hubYaml.toString()), secrets, dir.resolve("hub.log"));
            await().atMost(Duration.ofSeconds(60)).until(() -> status(url) == 200);
            HubClient admin = HubClient.session(url, ADMIN, ADMIN_PASSWORD);        // the first sign-in
            JsonNode credential = admin.json("POST", "/api/admin/nodes", "{\"rig\":\"rig-01\",\"node\":\"edge-01\"}", 201);
            String token = admin.token("sync-credentials").bearerToken().orElseThrow();
            Path sync = Path.of("../deploy/mosquitto/sync-credentials.sh").toAbsolutePath().normalize();
            assertThat(run(List.of("bash", sync.toString(), url, etc.toString()), Map.of("DERRICK_TOKEN", token,
                    "MOSQUITTO_PID_FILE", pidFile.toString()), null)).contains("2 user(s) written", "reloads them");
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.log().contains("Reloading config"));

            // the simulator and the agent, from their launchers
            int modbusPort = FreePort.block(3);
            Process simulator = start(List.of(opt.get("simulator").resolve("bin/derrick-simulator").toString(), "--rigs", "1",
                    "--base-port", Integer.toString(modbusPort)), Map.of(), dir.resolve("simulator.log"));
            Path buffer = dir.resolve("agent/buffer.db");
            Path agentYaml = Files.createDirectories(dir.resolve("agent")).resolve("agent.yaml");
            Files.writeString(agentYaml, agentConfig(modbusPort, "ssl://127.0.0.1:" + tlsPort, credential, certs.ca(), buffer));
            start(List.of(opt.get("agent").resolve("bin/derrick-agent").toString(), "--config", agentYaml.toString()), Map.of(),
                    dir.resolve("agent.log"));
            await().atMost(Duration.ofSeconds(60)).until(() -> storedBatches(postgres) >= 5);

            // the broker restarts: health says so, nothing is lost
            broker.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> check(admin, "broker").equals("DOWN"));
            broker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> check(admin, "broker").equals("UP"));
            long afterBroker = storedBatches(postgres);
            await().atMost(Duration.ofSeconds(60)).until(() -> storedBatches(postgres) > afterBroker + 5);

            // the database restarts: health says so at once, the ingest holds its acknowledgements, nothing is lost
            postgres.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(url) == 503);
            // the rig goes on sending; the hub cannot store it, so it acknowledges nothing and the broker keeps it
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dir.resolve("hub.log")).contains("stay unacknowledged with the broker"));
            postgres.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(url) == 200);
            long afterDatabase = storedBatches(postgres);
            await().atMost(Duration.ofSeconds(60)).until(() -> storedBatches(postgres) > afterDatabase + 5);

            // the rig stops; once the agent's buffer is empty, the hub has every batch the agent sealed, each once
            simulator.destroy();
            await().atMost(Duration.ofSeconds(90)).until(() -> bufferedEntries(buffer) == 0);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/derrick", "derrick", DB_PASSWORD);
                 Statement s = c.createStatement()) {
                List<Long> seqs = longs(s, "SELECT seq FROM received_message WHERE rig_id = 'rig-01' ORDER BY seq");
                assertThat(seqs).as("every seq the agent used, data and events, once and without a gap")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.getLast()).boxed().toList());
                assertThat(longs(s, "SELECT count(*) FROM reading").getFirst()).as("each batch's readings stored once")
                        .isEqualTo(longs(s, "SELECT sum(readings) FROM received_message").getFirst()).isGreaterThan(100);
                assertThat(longs(s, "SELECT count(*) FROM rejected_message").getFirst()).isZero();
                assertThat(longs(s, "SELECT count(*) FROM event WHERE type = 'DATA_LOSS'").getFirst()).isZero();
            }
        } catch (Throwable t) {
            // the processes' own words, for a failure seen once in a full run and never alone: what each was doing
            throw new AssertionError(t.getMessage() + logTails(), t);
        } finally {
            postgres.close();
        }
    }

    /** The last lines of the hub's, the agent's, the simulator's and Mosquitto's logs. */
    private String logTails() {
        StringBuilder out = new StringBuilder();
        for (Path log : List.of(dir.resolve("hub.log"), dir.resolve("agent.log"), dir.resolve("simulator.log"), dir.resolve("mosquitto/mosquitto.log"))) {
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(none)");
                out.append("\n--- ").append(log.getFileName()).append(" (last 40 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (Exception e) {
                out.append("\n--- ").append(log).append(": ").append(e.getMessage());
            }
        }
        return out.toString();
    }

    /** The three archives, unpacked as an operator does: tar xzf into /opt/derrick/{hub,agent,simulator}. */
    private static Map<String, Path> unpackArchives(Path opt) throws Exception {
        List<Path> archives = java.util.Arrays.stream(System.getProperty("derrick.archives", "").split(" ")).filter(a -> !a.isBlank())
                .map(Path::of).toList();
        assertThat(archives).as("the build's archives (system property derrick.archives)").hasSize(3).allMatch(Files::isRegularFile);
        Map<String, Path> homes = new java.util.HashMap<>();
        for (Path archive : archives) {
            String name = archive.getFileName().toString().replaceFirst("^derrick-([a-z]+)-.*", "$1");
            Path home = Files.createDirectories(opt.resolve(name));
            run(List.of("tar", "xzf", archive.toString(), "-C", home.toString(), "--strip-components=1"), Map.of(), null);
            homes.put(name, home);
        }
        return homes;
    }

    /** Debian's newest installed PostgreSQL (apt-get install postgresql): /usr/lib/postgresql/N. */
    private static Path debianPostgres() throws Exception {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Debian's PostgreSQL is not installed (sudo apt-get install -y postgresql); .ci/run installs it");
        }
        try (var versions = Files.list(lib)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString()))).orElseThrow();
        }
    }

    private static String agentConfig(int modbusPort, String brokerUrl, JsonNode credential, Path ca, Path buffer) {
        StringBuilder yaml = new StringBuilder("rig: rig-01\nnode: edge-01\ndevices:\n");
        String[][] devices = {{"adam", "adam-6017"}, {"vfd", "acs880-mud-pump"}, {"daq", "derrick-rig-daq"}};
        for (int i = 0; i < devices.length; i++) {
            yaml.append("  - name: ").append(devices[i][0]).append("\n    tcp: {host: 127.0.0.1, port: ").append(modbusPort + i)
                    .append("}\n    map: ").append(devices[i][1]).append("\n    pollMs: 500\n    timeoutMs: 500\n    maxBackoffMs: 1000\n");
        }
        return yaml + """
                broker:
                  url: %s
                  username: %s
                  password: %s
                  caFile: %s
                  maxBackoffMs: 1000
                buffer:
                  path: %s
                publish:
                  batchMs: 500
                """.formatted(brokerUrl, credential.get("username").asText(), credential.get("password").asText(), ca, buffer);
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/observe/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A check's status as staff see it. */
    private static String check(HubClient admin, String name) throws Exception {
        for (JsonNode c : JSON.readTree(admin.get("/observe/health").body()).path("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("status").asText();
            }
        }
        return "none";
    }

    private static long storedBatches(EmbeddedPostgres postgres) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/derrick", "derrick", DB_PASSWORD);
             Statement s = c.createStatement()) {
            return longs(s, "SELECT count(*) FROM received_message").getFirst();
        } catch (Exception databaseAway) {
            return -1;
        }
    }

    /** What the agent's buffer still holds: outbox entries and readings (read as the next agent would). */
    private static long bufferedEntries(Path buffer) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + buffer); Statement s = c.createStatement()) {
            return longs(s, "SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM reading)").getFirst();
        }
    }

    private static List<Long> longs(Statement s, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private Process start(List<String> command, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        b.environment().put("DERRICK_JAVA_HOME", System.getProperty("java.home"));
        b.environment().putIfAbsent("JAVA_OPTS", System.getProperty("derrick.test.jvmFlags", ""));
        Process p = b.start();
        processes.add(p);
        return p;
    }

    private static String run(List<String> command, Map<String, String> env, String stdin) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(env);
        b.environment().put("DERRICK_JAVA_HOME", System.getProperty("java.home"));
        b.environment().putIfAbsent("JAVA_OPTS", System.getProperty("derrick.test.jvmFlags", ""));
        Process p = b.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}
