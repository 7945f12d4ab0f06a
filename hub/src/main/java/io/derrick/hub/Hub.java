package io.derrick.hub;

import io.derrick.hub.alarm.AckCommands;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.alarm.OfflineWatch;
import io.derrick.hub.alert.AlertEngine;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.api.HealthService;
import io.derrick.hub.api.HubApi;
import io.derrick.protocol.Birth;
import io.derrick.protocol.Event;
import io.derrick.hub.broker.EmbeddedBroker;
import io.derrick.hub.db.Database;
import io.derrick.hub.db.EmbeddedPostgres;
import io.derrick.hub.history.Retention;
import io.derrick.hub.ingest.IngestStore;
import io.derrick.hub.ingest.MqttIngest;
import io.derrick.hub.live.LiveFeed;
import io.derrick.hub.broker.BrokerAuthentication;
import io.derrick.hub.security.Credentials;
import io.derrick.hub.security.NodeRegistry;
import io.derrick.hub.security.Passwords;
import io.derrick.hub.security.Users;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub, wired: PostgreSQL (embedded unless {@code db.url} is set), the schema, the MQTT broker
 * (embedded unless {@code broker.url} is set), the ingest, and the web server with API, UI, OpenAPI,
 * health and metrics. Stops in reverse order; the ingest commits what it holds before the database goes.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private static final java.time.Duration SUBSCRIBE_WAIT = java.time.Duration.ofSeconds(15);
    private static final java.time.Duration ALERT_INTERVAL = java.time.Duration.ofSeconds(5);

    private final HubConfig config;
    private EmbeddedPostgres embeddedPostgres;
    private Database database;
    private EmbeddedBroker embeddedBroker;
    private MqttIngest ingest;
    private FileChannel lockChannel;
    private FileLock dataDirLock;
    private AlertEngine alerts;
    private NodeRegistry nodes;
    private final java.util.List<java.util.function.BiConsumer<io.derrick.hub.ingest.Incoming, io.derrick.hub.ingest.Outcome>> ingestListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private HubApi api;
    private WebServer server;
    private ScheduledExecutorService scheduler;
    private String brokerUrl;

    public Hub(HubConfig config) {
        this.config = config;
    }

    /** Starts every part; if one fails, what was started is stopped again and the failure thrown. */
    public Hub start() {
        try {
            startParts();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Only the database (the embedded one started, under the data directory's lock), migrated: for the command line's
     * user administration. {@link #close()} stops it.
     */
    public Database startDatabaseOnly() {
        try {
            startDatabase();
            return database;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void startDatabase() {
        lockDataDir();
        HubConfig.Db db = config.db();
        if (db.embedded()) {
            embeddedPostgres = new EmbeddedPostgres(config.dataDir().resolve("postgres"), db.embeddedPort(), db.runAs()).start();
            database = new Database(embeddedPostgres.jdbcUrl(), embeddedPostgres.user(), embeddedPostgres.password(), db.pool(),
                    db.connectTimeout());
        } else {
            database = new Database(db.url(), db.user(), db.password(), db.pool(), db.connectTimeout());
        }
        database.migrate();
    }

    private void startParts() {
        startDatabase();
        HubConfig.Db db = config.db();

        HubConfig.Broker b = config.broker();
        nodes = new NodeRegistry(database);
        boolean registeredOnly = config.security().registeredNodesOnly();
        String brokerUser = b.username();
        String brokerPassword = b.password();
        if (b.embedded()) {
            BrokerAuthentication authentication = null;
            if (registeredOnly) {
                // the ingest's own credential on the embedded broker: made up at each start, never written down
                brokerUser = BrokerAuthentication.HUB_USER;
                brokerPassword = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
                authentication = new BrokerAuthentication(nodes, brokerPassword);
            }
            embeddedBroker = new EmbeddedBroker(config.dataDir().resolve("broker"), b.embeddedHost(), b.embeddedPort(), authentication,
                    b.embeddedTls()).start();
            brokerUrl = embeddedBroker.url();
        } else {
            brokerUrl = b.url();
        }

        MeterRegistry metrics = io.helidon.service.registry.Services.get(MeterRegistry.class);
        LiveFeed feed = new LiveFeed();
        AlarmRepository alarms = new AlarmRepository(database);
        AckCommands ackCommands = new AckCommands(alarms, (topic, payload) -> ingest.publish(topic, payload));
        alerts = new AlertEngine(database, config.alerts(), config.mail().enabled() ? new Mailer(config.mail()) : null,
                config.publicUrl(), metrics).start(ALERT_INTERVAL);
        javax.net.ssl.SSLSocketFactory tls = b.caFile() == null ? null : io.derrick.hub.ingest.BrokerTls.trusting(b.caFile());
        ingest = new MqttIngest(new MqttIngest.Settings(brokerUrl, b.clientId(), brokerUser, brokerPassword, tls, b.shared(), b.group(),
                b.sessionExpiry(), config.ingest().receiveMaximum(), config.ingest().maxGroup()),
                new IngestStore(database), metrics, registeredOnly ? nodes::isRegistered : null, (m, outcome) -> {
                    feed.committed(m, outcome);
                    ingestListeners.forEach(listener -> listener.accept(m, outcome));
                    switch (m.message()) {
                        case Event e -> alerts.wake();
                        case Birth birth -> Thread.startVirtualThread(() -> ackCommands.resend(birth.rig(), birth.node()));
                        case null, default -> { }
                    }
                }).start();

        Users users = new Users(database);
        createInitialAdmin(users);
        HubConfig.Security security = config.security();
        api = new HubApi(database, feed, alarms, ackCommands, users, nodes, config.broker(),
                new Credentials(database, security.sessionIdle(), security.sessionMax()),
                new HubApi.Settings(security.requestsPerMinute(), security.signInsPerMinute(), security.secureCookies(), List.of(
                        new HealthService.Check("database", () -> database.isReachable() ? HealthService.Result.of(true)
                                : new HealthService.Result(false, Map.of("reason", database.unreachableReason().orElse("no answer")))),
                        new HealthService.Check("broker", () -> {
                            Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("broker", brokerUrl,
                                    "connected", ingest.isConnected(), "queued", ingest.queued()));
                            ingest.connectFailure().ifPresent(reason -> details.put("reason", reason));
                            return new HealthService.Result(ingest.isSubscribed(), details);
                        }))));
        HttpRouting.Builder routing = HttpRouting.builder();
        api.register(routing);
        routing.register("/webjars", StaticContentFeature.createService(ClasspathHandlerConfig.builder().location("META-INF/resources/webjars").build()))
                .register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder().location("web").welcome("index.html").build()));

        server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .addRouting(routing)
                // health is the hub's own route (HealthService): its details are for signed-in staff only
                .addFeature(ObserveFeature.builder().observersDiscoverServices(false).addObserver(MetricsObserver.create()).build())
                .addFeature(OpenApiFeature.builder().staticFile("META-INF/openapi.yaml").build())
                .build()
                .start();

        Retention retention = new Retention(database, config.rawRetentionDays());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hub-schedule").daemon().factory());
        scheduler.scheduleWithFixedDelay(retention::runQuietly, 1, 60, TimeUnit.MINUTES);
        // often enough that an alarm comes within a tenth of offlineAfter (and at least every 10 s)
        long offlineCheckMs = Math.clamp(config.alerts().offlineAfter().toMillis() / 10, 200, 10_000);
        OfflineWatch offline = new OfflineWatch(database, config.alerts().offlineAfter(), config.alerts().offlineSeverity().name(),
                java.time.Instant.now());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                offline.check().forEach(rig -> {
                    feed.alarmsChanged(rig);
                    alerts.wake();
                });
            } catch (Exception e) {
                log.warn("the offline check failed: {}", e.getMessage());
            }
        }, offlineCheckMs, offlineCheckMs, TimeUnit.MILLISECONDS);
        if (registeredOnly) {
            scheduler.scheduleWithFixedDelay(nodes::reload, NodeRegistry.RELOAD.toSeconds(), NodeRegistry.RELOAD.toSeconds(), TimeUnit.SECONDS);
        }
        // an acknowledgement the rig has not confirmed goes again every minute (and at once when the node births)
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                ackCommands.resendOverdue();
            } catch (Exception e) {
                log.warn("resending unconfirmed acknowledgements failed: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        // On a broker with no session for this hub yet, what is published before the subscription is granted
        // is not kept for the hub: let whoever starts agents after the hub (the demo, tests) find it subscribed.
        boolean receiving = ingest.awaitSubscribed(SUBSCRIBE_WAIT);
        log.info("hub ready: {} (database {}); {}", url(), embeddedPostgres != null ? "embedded " + embeddedPostgres.jdbcUrl() : db.url(),
                receiving ? "receiving from the broker " + brokerUrl
                        : "NOT receiving: the broker " + brokerUrl + " " + ingest.connectFailure().map(r -> "refuses: " + r)
                        .orElse("granted no subscription in " + SUBSCRIBE_WAIT.toSeconds() + " s") + "; the hub serves history meanwhile and keeps trying");
    }

    /** At the first start (no user at all): the admin of {@code security.initialAdmin}, or a word on how to make one. */
    private void createInitialAdmin(Users users) {
        HubConfig.InitialAdmin admin = config.security().initialAdmin();
        try {
            if (users.count() > 0) {
                return;
            }
            if (!admin.configured()) {
                log.warn("the hub has no users yet, so nobody can sign in: create the first admin with "
                        + "'./derrick hub users add NAME --roles admin' (with the hub stopped when its PostgreSQL is embedded), "
                        + "or set security.initialAdmin");
                return;
            }
            String password = Files.readString(admin.passwordFile()).strip();
            java.util.List<String> problems = Passwords.problems(password, admin.username());
            if (!problems.isEmpty()) {
                throw new IllegalStateException("security.initialAdmin.passwordFile " + admin.passwordFile() + ": the password is not acceptable: "
                        + String.join("; ", problems));
            }
            users.create(new Users.NewUser(Users.normalize(admin.username()), admin.username(), null, admin.roles(), null, password),
                    io.derrick.hub.audit.Actor.config());
            log.info("created the first admin, {}, from security.initialAdmin", admin.username());
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the first admin: " + e.getMessage(), e);
        }
    }

    /**
     * One hub per data directory: a second one would take over the first one's embedded PostgreSQL and broker
     * files. The lock goes with the process, so a hub that was killed leaves nothing to clean up.
     */
    private void lockDataDir() {
        Path file = config.dataDir().resolve("hub.lock");
        try {
            Files.createDirectories(config.dataDir());
            lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                dataDirLock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                dataDirLock = null; // a hub in this JVM holds it
            }
            if (dataDirLock == null) {
                String holder = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).strip();
                lockChannel.close();
                lockChannel = null;
                throw new IllegalStateException("another hub (" + (holder.isEmpty() ? "unknown pid" : holder) + ") is running on "
                        + config.dataDir().toAbsolutePath() + "; stop it first, or give this one its own hub.dataDir");
            }
            lockChannel.truncate(0);
            lockChannel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot lock " + file, e);
        }
    }

    public String url() {
        String host = "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    /** The embedded broker's TLS address for the rigs, or null. */
    public String brokerTlsUrl() {
        return embeddedBroker == null ? null : embeddedBroker.tlsUrl();
    }

    /** Calls {@code listener} with each message the ingest committed (or rejected), after the commit. */
    public void onIngested(java.util.function.BiConsumer<io.derrick.hub.ingest.Incoming, io.derrick.hub.ingest.Outcome> listener) {
        ingestListeners.add(listener);
    }

    /** The registered edge nodes and their MQTT credentials. */
    public NodeRegistry nodes() {
        return nodes;
    }

    /** The API's routes with the access each needs. */
    public java.util.List<io.derrick.hub.api.ApiRoutes.Route> routes() {
        return api.routes();
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.stop();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (alerts != null) {
            alerts.close();
        }
        if (embeddedBroker != null) {
            try {
                embeddedBroker.close();
            } catch (Exception e) {
                log.warn("embedded broker did not stop cleanly: {}", e.getMessage());
            }
        }
        if (database != null) {
            database.close();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock
            } catch (java.io.IOException e) {
                log.debug("closing the data directory lock: {}", e.getMessage());
            }
        }
    }
}
