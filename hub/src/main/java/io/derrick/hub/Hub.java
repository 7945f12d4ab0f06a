package io.derrick.hub;

import io.derrick.hub.alarm.AlarmFeature;
import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alert.AlertFeature;
import io.derrick.hub.audit.AuditFeature;
import io.derrick.hub.auth.AuthFeature;
import io.derrick.hub.broker.BrokerAuthentication;
import io.derrick.hub.broker.EmbeddedBroker;
import io.derrick.hub.fleet.FleetFeature;
import io.derrick.hub.fleet.NodeRegistry;
import io.derrick.hub.history.HistoryFeature;
import io.derrick.hub.history.LiveFeed;
import io.derrick.hub.ingest.BrokerTls;
import io.derrick.hub.ingest.IngestFeature;
import io.derrick.hub.ingest.Incoming;
import io.derrick.hub.ingest.MqttIngest;
import io.derrick.hub.ingest.Outcome;
import io.derrick.hub.platform.DataDirLock;
import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.StopWatch;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.EmbeddedPostgres;
import io.derrick.hub.platform.jobs.Jobs;
import io.derrick.hub.platform.web.Health;
import io.derrick.hub.platform.web.OpenApi;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.WebKit;
import io.derrick.hub.report.ReportFeature;
import io.derrick.protocol.Birth;
import io.derrick.protocol.Event;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The hub, wired: the platform (PostgreSQL, embedded unless {@code db.url} is set, migrated; the MQTT broker, embedded
 * unless {@code broker.url} is set; the web kit; the jobs; the clock) and the features on it, each a package with its
 * repository, logic and routes (docs/architecture.md). A new feature is one line in {@link #startParts}. Stops in
 * reverse order; the ingest commits what it holds before the database goes.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** how long the start waits for the broker to grant the ingest its subscription */
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(15);

    private final HubConfig config;
    private final Clock clock;
    private EmbeddedPostgres embeddedPostgres;
    private Database database;
    private EmbeddedBroker embeddedBroker;
    private DataDirLock dataDirLock;
    private final List<Feature> features = new ArrayList<>();
    private IngestFeature ingest;
    private FleetFeature fleet;
    private ReportFeature report;
    private WebKit web;
    private WebServer server;
    private Jobs jobs;
    private String brokerUrl;

    public Hub(HubConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock every time decision uses (tests move it on instead of sleeping). */
    public Hub(HubConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts every part; if one fails, what was started is stopped again and the failure thrown. */
    public Hub start() {
        try {
            long t0 = System.nanoTime();
            startParts();
            log.info("hub started in {} ms", (System.nanoTime() - t0) / 1_000_000);
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

    public Clock clock() {
        return clock;
    }

    private void startDatabase() {
        dataDirLock = DataDirLock.take(config.dataDir());
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
        MeterRegistry metrics = Services.get(MeterRegistry.class);
        HubConfig.Broker b = config.broker();
        boolean registeredOnly = config.registeredNodesOnly();

        LiveFeed live = new LiveFeed();
        fleet = new FleetFeature(new FleetFeature.Settings(registeredOnly, b.username(), b.password()), database, clock, live,
                new AlarmQuery(database));
        MqttIngest.Settings broker = startBroker(fleet.nodes());
        AuthFeature auth = new AuthFeature(config.security(), database, clock, fleet.clients()::exists);
        HistoryFeature history = new HistoryFeature(config.retention(), database, clock, fleet.scope(), live);
        AlarmFeature alarms = new AlarmFeature(config.alarms(), database, clock, fleet.scope(), live, (topic, payload) -> ingest.publish(topic, payload));
        AlertFeature alerts = new AlertFeature(config.alerts(), config.publicUrl(), database, clock, alarms.query(), fleet.query(), metrics);
        io.derrick.hub.kpi.KpiLedger kpiLedger = new io.derrick.hub.kpi.KpiLedger();
        report = new ReportFeature(config.reports(), database, clock, fleet.scope(), fleet.query(), history.query(), kpiLedger::reportChanged);
        ingest = new IngestFeature(broker, database, clock, metrics, registeredOnly ? fleet.nodes()::isRegistered : null);
        features.addAll(List.of(auth, new AuditFeature(database), fleet, ingest, history, alarms, alerts, report,
                new io.derrick.hub.plan.PlanFeature(config.plan(), database, clock, report.query(), history.query(), config.alerts().mail(), config.publicUrl(),
                        username -> auth.users().byUsername(username).map(io.derrick.hub.platform.web.User::email).filter(e -> e != null && !e.isBlank())),
                new io.derrick.hub.equipment.EquipmentFeature(config.equipment(), database, clock, fleet.scope(), fleet.query(), history.query(),
                        alarms.hubAlarms(), config.alerts().mail(), config.alerts().rules(), config.publicUrl()),
                new io.derrick.hub.kpi.KpiFeature(config.kpi(), database, clock, fleet.scope(), fleet.query(), report.query(),
                        new io.derrick.hub.plan.PlanQuery(), alarms.query(), new io.derrick.hub.equipment.EquipmentQuery(), kpiLedger,
                        config.alerts().mail(), config.publicUrl(), () -> auth.users().list().stream()
                        .filter(u -> u.has(io.derrick.hub.platform.web.Role.MANAGER) && !u.disabled() && u.client() == null
                                && u.email() != null && !u.email().isBlank())
                        .map(u -> new io.derrick.hub.kpi.KpiDigest.Recipient(u.username(), u.email())).toList())));

        ingest.onStored(live::committed);
        ingest.onStored(message -> {
            switch (message) {
                case Event e -> alerts.wake();
                case Birth birth -> alarms.nodeBorn(birth.rig(), birth.node());
                default -> { }
            }
        });
        alarms.onHubAlarm(rig -> alerts.wake());
        auth.createInitialAdmin();

        HttpRouting.Builder routing = HttpRouting.builder();
        web = new WebKit(routing, auth.credentials(), new WebKit.Settings(config.security().requestsPerMinute(), config.security().secureCookies()));
        features.forEach(f -> f.routes(web.api()));
        web.finish(List.of(new Health.Check("database", () -> database.isReachable() ? Health.Result.of(true)
                        : new Health.Result(false, Map.of("reason", database.unreachableReason().orElse("no answer")))),
                ingest.health(brokerUrl)), OpenApi.merge(features.stream().map(Feature::name).toList()));
        routing.register("/webjars", StaticContentFeature.createService(ClasspathHandlerConfig.builder().location("META-INF/resources/webjars").build()))
                .register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder().location("web").welcome("index.html").build()));
        server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .addRouting(routing)
                // health is the web kit's own route: its details are for signed-in staff only
                .addFeature(ObserveFeature.builder().observersDiscoverServices(false).addObserver(MetricsObserver.create()).build())
                .build()
                .start();

        jobs = new Jobs(database, clock, metrics, config.jobsHeartbeat());
        features.forEach(f -> f.jobs(jobs));
        jobs.start();
        // On a broker with no session for this hub yet, what is published before the subscription is granted
        // is not kept for the hub: let whoever starts agents after the hub (the demo, tests) find it subscribed.
        boolean receiving = ingest.start(SUBSCRIBE_WAIT);
        log.info("hub ready: {} (database {}); {}", url(), embeddedPostgres != null ? "embedded " + embeddedPostgres.jdbcUrl() : config.db().url(),
                receiving ? "receiving from the broker " + brokerUrl
                        : "NOT receiving: the broker " + brokerUrl + " " + ingest.connectFailure().map(r -> "refuses: " + r)
                        .orElse("granted no subscription in " + SUBSCRIBE_WAIT.toSeconds() + " s") + "; the hub serves history meanwhile and keeps trying");
    }

    /** The embedded broker, started (with the nodes' credentials when only registered nodes may connect), or the external one. */
    private MqttIngest.Settings startBroker(NodeRegistry nodes) {
        HubConfig.Broker b = config.broker();
        String user = b.username();
        String password = b.password();
        if (b.embedded()) {
            BrokerAuthentication authentication = null;
            if (config.registeredNodesOnly()) {
                // the ingest's own credential on the embedded broker: made up at each start, never written down
                user = BrokerAuthentication.HUB_USER;
                password = UUID.randomUUID() + "-" + UUID.randomUUID();
                authentication = new BrokerAuthentication(nodes, password);
            }
            embeddedBroker = new EmbeddedBroker(b.embeddedDataDir(), b.embeddedHost(), b.embeddedPort(), authentication,
                    b.embeddedTls(), b.embeddedPersistence()).start();
            brokerUrl = embeddedBroker.url();
        } else {
            brokerUrl = b.url();
        }
        return new MqttIngest.Settings(brokerUrl, b.clientId(), user, password, b.caFile() == null ? null : BrokerTls.trusting(b.caFile()),
                b.shared(), b.group(), b.sessionExpiry(), config.ingest().receiveMaximum(), config.ingest().maxGroup());
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

    /** Calls {@code listener} with each message the ingest received and what became of it, after the commit. */
    public void onIngested(BiConsumer<Incoming, Outcome> listener) {
        ingest.onOutcome(listener);
    }

    /** The registered edge nodes and their MQTT credentials. */
    public NodeRegistry nodes() {
        return fleet.nodes();
    }

    /** The fleet: rigs, clients, nodes. */
    public FleetFeature fleet() {
        return fleet;
    }

    /** The daily reports. */
    public ReportFeature reports() {
        return report;
    }

    /** The API's routes with the access each needs. */
    public List<Routes.Route> routes() {
        return web.table();
    }

    public Database database() {
        return database;
    }

    /** The background work (tests wake a job and wait for its run). */
    public Jobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        stop(true);
    }

    /**
     * Stops everything but the embedded broker, whose own stop (about 4 s: its network threads' quiet period, its
     * stores) goes on in the background; the future completes when it has stopped. For tests, which start many hubs.
     */
    public CompletableFuture<Void> closeLeavingBroker() {
        EmbeddedBroker broker = embeddedBroker;
        embeddedBroker = null;
        stop(false);
        if (broker == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                log.warn("the embedded broker did not stop cleanly", e);
            }
        }, runnable -> Thread.ofPlatform().name("embedded-broker-stop").daemon().start(runnable));
    }

    private void stop(boolean logIt) {
        StopWatch watch = new StopWatch();
        if (jobs != null) {
            jobs.close();
            watch.lap("jobs");
        }
        if (server != null) {
            server.stop();
            watch.lap("web server");
        }
        for (Feature f : features.reversed()) {
            try {
                f.close();
            } catch (RuntimeException e) {
                log.warn("the {} feature did not stop cleanly", f.name(), e);
            }
        }
        watch.lap("features");
        if (embeddedBroker != null) {
            try {
                embeddedBroker.close();
            } catch (Exception e) {
                log.warn("the embedded broker did not stop cleanly", e);
            }
            watch.lap("broker");
        }
        if (database != null) {
            database.close();
            watch.lap("database pool");
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
            watch.lap("embedded PostgreSQL");
        }
        if (server != null && logIt) {
            log.info("hub stopped in {}", watch);
        }
        if (dataDirLock != null) {
            dataDirLock.close();
            dataDirLock = null;
        }
    }
}
