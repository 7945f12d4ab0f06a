package io.derrick.hub.testing;

import io.derrick.hub.Hub;
import io.derrick.hub.HubConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The hub in the test's JVM on a test database, with its embedded broker on a free port, and its first admin
 * ({@value #ADMIN}, also manager and maintenance). {@link #get} and {@link #post} call the API with the admin's token.
 */
public final class InProcessHub implements TestHub {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "rig-site boss 2026";
    /** a valid password for the users tests create */
    public static final String PASSWORD = "kelly bushing 51 m";

    private final Hub hub;
    private final TestClock clock = new TestClock();
    private final Path brokerDir;
    private HubClient admin;

    public InProcessHub(TestDatabase db, Path dir) {
        this(db, dir, null);
    }

    /** With a config file of the test's (alert rules, mail server), under the test database and ports. */
    public InProcessHub(TestDatabase db, Path dir, Path configFile) {
        this(db, dir, configFile, Map.of());
    }

    /**
     * With settings of the test's on top. By default the embedded broker is open ({@code security.nodes: any}): the
     * tests of the ingest publish as made-up nodes; {@code BrokerSecurityIT} sets {@code registered}, as the demo runs.
     */
    /** On a database of the test's own (one it stops and starts), by URL. */
    public InProcessHub(String dbUrl, String dbUser, String dbPassword, Path dir) {
        this(dbUrl, dbUser, dbPassword, dir, null, Map.of());
    }

    public InProcessHub(TestDatabase db, Path dir, Path configFile, Map<String, String> settings) {
        this(db.url(), db.user(), db.password(), dir, configFile, settings);
    }

    private InProcessHub(String dbUrl, String dbUser, String dbPassword, Path dir, Path configFile, Map<String, String> settings) {
        Path passwordFile = dir.resolve("admin-password");
        try {
            Files.createDirectories(dir);
            Files.writeString(passwordFile, ADMIN_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "server.port", "0",
                "hub.dataDir", dir.toString(),
                "db.url", dbUrl,
                "db.user", dbUser,
                "db.password", dbPassword,
                "broker.embedded.port", Integer.toString(io.derrick.edge.testing.FreePort.one()),
                "security.initialAdmin.username", ADMIN,
                "security.initialAdmin.passwordFile", passwordFile.toString(),
                "security.initialAdmin.roles", "admin,manager,maintenance",
                "security.nodes", "any"));
        // a test trains the RUL models it needs itself, not every hub at its start
        all.put("equipment.rul.autoTrain", "false");
        // no test restarts an in-process hub's broker: in memory, it takes no disk (a file store takes about 1 GB) and
        // starts faster; its few files go once it has stopped, in the background (close())
        all.put("broker.embedded.persistence", "in-memory");
        brokerDir = Path.of("target/test-brokers", java.util.UUID.randomUUID().toString()).toAbsolutePath();
        all.put("broker.embedded.dataDir", brokerDir.toString());
        all.putAll(settings);
        hub = new Hub(HubConfig.load(configFile, all), clock).start();
    }

    /**
     * Runs the shared job {@code name} now and returns after a run that started after this call has ended (two ends:
     * one run may have been under way), instead of sleeping out its interval.
     */
    public void runJob(String name) {
        io.derrick.hub.platform.jobs.Jobs jobs = hub.jobs();
        long before = jobs.completedRuns(name);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
            jobs.runSoon(name);
            return jobs.completedRuns(name) >= before + 2;
        });
    }

    /** The hub's clock: {@code clock().advance(…)} moves the hub's time on. */
    public TestClock clock() {
        return clock;
    }

    /** The first admin, through an API token. */
    @Override
    public synchronized HubClient admin() throws Exception {
        if (admin == null) {
            admin = HubClient.session(url(), ADMIN, ADMIN_PASSWORD).token("tests");
        }
        return admin;
    }

    /** Creates a user (password {@link #PASSWORD}) and returns its browser session. {@code client} may be null. */
    public HubClient user(String username, String roles, String client) throws Exception {
        return user(username, username, roles, client);
    }

    /** Creates a user with a display name (what an acknowledgement shows) and returns its browser session. */
    public HubClient user(String username, String displayName, String roles, String client) throws Exception {
        String rolesJson = "[\"" + String.join("\",\"", roles.split(",")) + "\"]";
        admin().json("POST", "/api/admin/users", "{\"username\":\"" + username + "\",\"displayName\":\"" + displayName
                + "\",\"roles\":" + rolesJson
                + (client == null ? "" : ",\"client\":\"" + client + "\"") + ",\"password\":\"" + PASSWORD + "\"}", 201);
        return HubClient.session(url(), username, PASSWORD);
    }

    public HubClient anonymous() {
        return HubClient.anonymous(url());
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return admin().post(path, json);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return admin().get(path);
    }

    public Hub hub() {
        return hub;
    }

    @Override
    public String url() {
        return hub.url();
    }

    @Override
    public String health() {
        try {
            return anonymous().get("/observe/health").body();
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    /** Stops the hub; its embedded broker's last seconds (a fixed quiet period) go on while the next test runs. */
    @Override
    public void close() {
        hub.closeLeavingBroker().whenComplete((done, failed) -> TestFiles.deleteTree(brokerDir));
    }
}
