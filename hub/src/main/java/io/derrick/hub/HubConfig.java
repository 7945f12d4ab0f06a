package io.derrick.hub;

import io.derrick.hub.alarm.AlarmFeature;
import io.derrick.hub.alert.AlertFeature;
import io.derrick.hub.auth.AuthFeature;
import io.derrick.hub.history.HistoryFeature;
import io.derrick.hub.platform.config.ConfigReader;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hub's settings, validated at start so that a typo fails the start with the key's name rather than
 * surfacing an hour later. Precedence: {@code --set} overrides, environment variables, system properties,
 * the file given with {@code --config}, then {@code hub-defaults.yaml}.
 */
public record HubConfig(Config raw, String host, int port, Path dataDir, String publicUrl, Db db, Broker broker, Ingest ingest,
                        boolean registeredNodesOnly, AuthFeature.Settings security, HistoryFeature.Settings retention,
                        AlarmFeature.Settings alarms, AlertFeature.Settings alerts, io.derrick.hub.report.ReportFeature.Settings reports,
                        io.derrick.hub.plan.PlanFeature.Settings plan, io.derrick.hub.equipment.EquipmentFeature.Settings equipment,
                        io.derrick.hub.kpi.KpiFeature.Settings kpi, Duration jobsHeartbeat) {

    public record Db(String url, String user, String password, int pool, Duration connectTimeout, int embeddedPort, String runAs) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    /** {@code caFile}: the CA the broker's TLS certificate is checked against, or null for the JVM's trust store. */
    public record Broker(String url, String username, String password, Path caFile, String clientId, boolean shared, String group,
                         Duration sessionExpiry, String embeddedHost, int embeddedPort,
                         io.derrick.hub.broker.EmbeddedBroker.Tls embeddedTls, Path embeddedDataDir,
                         io.derrick.hub.broker.EmbeddedBroker.Persistence embeddedPersistence) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    public record Ingest(int receiveMaximum, int maxGroup) {
    }

    public static HubConfig load(Path file, Map<String, String> overrides) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource();
        builder.addSource(ConfigSources.create(overrides, "command line"));
        builder.addSource(ConfigSources.environmentVariables());
        builder.addSource(ConfigSources.systemProperties());
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigReader.InvalidConfigException(List.of("--config " + file + ": no such file"));
            }
            builder.addSource(ConfigSources.file(file));
        }
        builder.addSource(ConfigSources.classpath("hub-defaults.yaml"));
        return from(builder.build());
    }

    /**
     * The server, the database and the broker are read here; each feature reads its own subtree (its {@code Settings.from}).
     * Every problem of every part is collected first, so a bad start lists all that is wrong, each with its key.
     */
    static HubConfig from(Config c) {
        ConfigReader r = ConfigReader.of(c);
        HubConfig config = new HubConfig(c,
                r.string("server.host"), r.integer("server.port", 0, 65535),
                Path.of(r.string("hub.dataDir")), r.string("hub.publicUrl").replaceAll("/+$", ""),
                new Db(r.string("db.url"), r.string("db.user"), r.raw("db.password"), r.integer("db.pool", 2, 200),
                        r.duration("db.connectTimeout", null), r.integer("db.embedded.port", 0, 65535), r.string("db.embedded.runAs")),
                new Broker(r.string("broker.url"), r.string("broker.username"), r.raw("broker.password"),
                        r.string("broker.caFile").isEmpty() ? null : Path.of(r.string("broker.caFile")),
                        // auto: shared on an external broker (several hubs may split the data), exclusive on the embedded
                        // one (one hub; HiveMQ CE's shared-subscription queue held messages back for 20 s and more in our tests)
                        r.string("broker.clientId"), switch (r.choice("broker.subscription", "auto", "shared", "exclusive")) {
                            case "shared" -> true;
                            case "exclusive" -> false;
                            default -> !r.string("broker.url").isEmpty();
                        },
                        r.string("broker.group"), r.duration("broker.sessionExpiry", null),
                        r.string("broker.embedded.host"), r.integer("broker.embedded.port", 0, 65535),
                        new io.derrick.hub.broker.EmbeddedBroker.Tls(r.integer("broker.embedded.tls.port", 0, 65535),
                                Path.of(r.string("broker.embedded.tls.keystore")), r.raw("broker.embedded.tls.password")),
                        r.string("broker.embedded.dataDir").isEmpty() ? Path.of(r.string("hub.dataDir")).resolve("broker")
                                : Path.of(r.string("broker.embedded.dataDir")),
                        r.choice("broker.embedded.persistence", "file", "in-memory").equals("in-memory")
                                ? io.derrick.hub.broker.EmbeddedBroker.Persistence.IN_MEMORY : io.derrick.hub.broker.EmbeddedBroker.Persistence.FILE),
                new Ingest(r.integer("ingest.receiveMaximum", 1, 65535), r.integer("ingest.maxGroup", 1, 10_000)),
                r.choice("security.nodes", "registered", "any").equals("registered"),
                AuthFeature.Settings.from(r.get("security")),
                HistoryFeature.Settings.from(r.get("retention")),
                AlarmFeature.Settings.from(r.get("alerts")),
                AlertFeature.Settings.from(r),
                io.derrick.hub.report.ReportFeature.Settings.from(r.get("reports"), Path.of(r.string("hub.dataDir"))),
                io.derrick.hub.plan.PlanFeature.Settings.from(r.get("plan")),
                io.derrick.hub.equipment.EquipmentFeature.Settings.from(r.get("equipment")),
                io.derrick.hub.kpi.KpiFeature.Settings.from(r.get("kpi")),
                r.duration("jobs.heartbeat", null));
        if (config.jobsHeartbeat.toMillis() < 500 || config.jobsHeartbeat.toMinutes() > 5) {
            r.problem("jobs.heartbeat", "from PT0.5S to PT5M, got " + config.jobsHeartbeat);
        }
        if (!config.publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            r.problem("hub.publicUrl", "expected the hub's address as users reach it, e.g. https://derrick.example.com, got '"
                    + config.publicUrl + "'");
        }
        if (!config.db.url().isEmpty() && !config.db.url().startsWith("jdbc:postgresql:")) {
            r.problem("db.url", "expected jdbc:postgresql://host:port/database, got '" + config.db.url() + "'");
        }
        if (!config.broker.url().isEmpty() && !config.broker.url().matches("(tcp|ssl|ws|wss)://.+")) {
            r.problem("broker.url", "expected tcp://host:port or ssl://host:port, got '" + config.broker.url() + "'");
        }
        if (config.broker.caFile() != null) {
            if (!Files.isReadable(config.broker.caFile())) {
                r.problem("broker.caFile", "cannot read '" + config.broker.caFile() + "' (a PEM file with the CA certificate that signed the broker's)");
            } else if (!config.broker.url().startsWith("ssl://") && !config.broker.url().startsWith("wss://")) {
                r.problem("broker.caFile", "is for a TLS broker (ssl://host:8883), but broker.url is '" + config.broker.url() + "'");
            }
        }
        if (config.db.connectTimeout().toMillis() < 250 || config.db.connectTimeout().toSeconds() > 60) {
            r.problem("db.connectTimeout", "from PT0.25S to PT60S, got " + config.db.connectTimeout());
        }
        io.derrick.hub.broker.EmbeddedBroker.Tls tls = config.broker.embeddedTls();
        if (tls.enabled() && !Files.isReadable(tls.keystore())) {
            r.problem("broker.embedded.tls.keystore", "cannot read '" + tls.keystore() + "' (a PKCS#12 keystore with the broker's certificate and key)");
        }
        if (!config.broker.clientId().matches("[A-Za-z0-9_.-]{1,64}")) {
            r.problem("broker.clientId", "1-64 letters, digits, '_', '.', '-', got '" + config.broker.clientId() + "'");
        }
        if (!config.broker.group().matches("[A-Za-z0-9_.-]{1,64}")) {
            r.problem("broker.group", "1-64 letters, digits, '_', '.', '-' (no '/', '+', '#'), got '" + config.broker.group() + "'");
        }
        r.throwIfAny();
        return config;
    }
}
