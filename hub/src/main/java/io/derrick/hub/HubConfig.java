package io.derrick.hub;

import io.derrick.hub.alert.AlertRules;
import io.derrick.hub.alert.Mailer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.MissingValueException;
import io.helidon.config.ConfigMappingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub's settings, validated at start so that a typo fails the start with the key's name rather than
 * surfacing an hour later. Precedence: {@code --set} overrides, environment variables, system properties,
 * the file given with {@code --config}, then {@code hub-defaults.yaml}.
 */
public record HubConfig(Config raw, String host, int port, Path dataDir, String publicUrl, Db db, Broker broker, Ingest ingest,
                        int rawRetentionDays, Mailer.Settings mail, AlertRules alerts, Security security) {

    /**
     * Sign-in and the API's limits. {@code initialAdmin}: the first admin, created at a start that finds no user at all
     * (its password read from a file; there is never a default one).
     */
    public record Security(Duration sessionIdle, Duration sessionMax, boolean secureCookies, int requestsPerMinute,
                           int signInsPerMinute, InitialAdmin initialAdmin, boolean registeredNodesOnly) {
    }

    /** The first admin: username, a file holding the password, and the roles (admin plus what else it should do). */
    public record InitialAdmin(String username, Path passwordFile, java.util.Set<io.derrick.hub.security.Role> roles) {
        public boolean configured() {
            return !username.isEmpty();
        }
    }

    public record Db(String url, String user, String password, int pool, Duration connectTimeout, int embeddedPort, String runAs) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    /** {@code caFile}: the CA the broker's TLS certificate is checked against, or null for the JVM's trust store. */
    public record Broker(String url, String username, String password, Path caFile, String clientId, boolean shared, String group,
                         Duration sessionExpiry, String embeddedHost, int embeddedPort,
                         io.derrick.hub.broker.EmbeddedBroker.Tls embeddedTls) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    public record Ingest(int receiveMaximum, int maxGroup) {
    }

    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(List<String> problems) {
            super("invalid hub configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static HubConfig load(Path file, Map<String, String> overrides) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource();
        builder.addSource(ConfigSources.create(overrides, "command line"));
        builder.addSource(ConfigSources.environmentVariables());
        builder.addSource(ConfigSources.systemProperties());
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigException(List.of("--config " + file + ": no such file"));
            }
            builder.addSource(ConfigSources.file(file));
        }
        builder.addSource(ConfigSources.classpath("hub-defaults.yaml"));
        return from(builder.build());
    }

    static HubConfig from(Config c) {
        Reader r = new Reader(c);
        HubConfig config = new HubConfig(c,
                r.string("server.host"), r.integer("server.port", 0, 65535),
                Path.of(r.string("hub.dataDir")), r.string("hub.publicUrl").replaceAll("/+$", ""),
                new Db(r.string("db.url"), r.string("db.user"), r.string("db.password"), r.integer("db.pool", 2, 200),
                        r.duration("db.connectTimeout"), r.integer("db.embedded.port", 0, 65535), r.string("db.embedded.runAs")),
                new Broker(r.string("broker.url"), r.string("broker.username"), r.string("broker.password"),
                        r.string("broker.caFile").isEmpty() ? null : Path.of(r.string("broker.caFile")),
                        // auto: shared on an external broker (several hubs may split the data), exclusive on the embedded
                        // one (one hub; HiveMQ CE's shared-subscription queue held messages back for 20 s and more in our tests)
                        r.string("broker.clientId"), switch (r.choice("broker.subscription", "auto", "shared", "exclusive")) {
                            case "shared" -> true;
                            case "exclusive" -> false;
                            default -> !r.string("broker.url").isEmpty();
                        },
                        r.string("broker.group"), r.duration("broker.sessionExpiry"),
                        r.string("broker.embedded.host"), r.integer("broker.embedded.port", 0, 65535),
                        new io.derrick.hub.broker.EmbeddedBroker.Tls(r.integer("broker.embedded.tls.port", 0, 65535),
                                Path.of(r.string("broker.embedded.tls.keystore")), r.string("broker.embedded.tls.password"))),
                new Ingest(r.integer("ingest.receiveMaximum", 1, 65535), r.integer("ingest.maxGroup", 1, 10_000)),
                r.integer("retention.rawDays", 1, 36_500),
                Mailer.Settings.from(c.get("mail"), r.problems), AlertRules.from(c.get("alerts"), r.problems),
                new Security(r.duration("security.sessionIdle"), r.duration("security.sessionMax"),
                        r.choice("security.secureCookies", "true", "false").equals("true"),
                        r.integer("security.requestsPerMinute", 10, 1_000_000), r.integer("security.signInsPerMinute", 1, 10_000),
                        new InitialAdmin(r.string("security.initialAdmin.username"), Path.of(r.string("security.initialAdmin.passwordFile")),
                                r.roles("security.initialAdmin.roles")),
                        r.choice("security.nodes", "registered", "any").equals("registered")));
        HubConfig.Security s = config.security;
        if (s.sessionIdle().isNegative() || s.sessionIdle().isZero() || s.sessionMax().compareTo(s.sessionIdle()) < 0) {
            r.problems.add("security.sessionIdle and sessionMax: positive, with sessionMax >= sessionIdle; got "
                    + s.sessionIdle() + " and " + s.sessionMax());
        }
        if (s.initialAdmin().configured()) {
            if (!s.initialAdmin().roles().contains(io.derrick.hub.security.Role.ADMIN)) {
                r.problems.add("security.initialAdmin.roles: the first admin needs the role admin, got " + s.initialAdmin().roles());
            }
            if (!Files.isReadable(s.initialAdmin().passwordFile())) {
                r.problems.add("security.initialAdmin.passwordFile: cannot read '" + s.initialAdmin().passwordFile()
                        + "' (a file holding the first admin's password)");
            }
        }
        if (!config.publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
            r.problems.add("hub.publicUrl: expected the hub's address as users reach it, e.g. https://derrick.example.com, got '"
                    + config.publicUrl + "'");
        }
        if (!config.alerts.rules().isEmpty() && !config.mail.enabled()) {
            r.problems.add("alerts.rules: " + config.alerts.rules().size() + " rule(s) but mail.host is empty: alert emails could not be sent");
        }
        if (!config.db.url().isEmpty() && !config.db.url().startsWith("jdbc:postgresql:")) {
            r.problems.add("db.url: expected jdbc:postgresql://host:port/database, got '" + config.db.url() + "'");
        }
        if (!config.broker.url().isEmpty() && !config.broker.url().matches("(tcp|ssl|ws|wss)://.+")) {
            r.problems.add("broker.url: expected tcp://host:port or ssl://host:port, got '" + config.broker.url() + "'");
        }
        if (config.broker.caFile() != null) {
            if (!Files.isReadable(config.broker.caFile())) {
                r.problems.add("broker.caFile: cannot read '" + config.broker.caFile() + "' (a PEM file with the CA certificate that signed the broker's)");
            } else if (!config.broker.url().startsWith("ssl://") && !config.broker.url().startsWith("wss://")) {
                r.problems.add("broker.caFile is for a TLS broker (ssl://host:8883), but broker.url is '" + config.broker.url() + "'");
            }
        }
        if (config.db.connectTimeout().toMillis() < 250 || config.db.connectTimeout().toSeconds() > 60) {
            r.problems.add("db.connectTimeout: from PT0.25S to PT60S, got " + config.db.connectTimeout());
        }
        io.derrick.hub.broker.EmbeddedBroker.Tls tls = config.broker.embeddedTls();
        if (tls.enabled() && !Files.isReadable(tls.keystore())) {
            r.problems.add("broker.embedded.tls.keystore: cannot read '" + tls.keystore() + "' (a PKCS#12 keystore with the broker's certificate and key)");
        }
        if (!config.broker.clientId().matches("[A-Za-z0-9_.-]{1,64}")) {
            r.problems.add("broker.clientId: 1-64 letters, digits, '_', '.', '-', got '" + config.broker.clientId() + "'");
        }
        if (!config.broker.group().matches("[A-Za-z0-9_.-]{1,64}")) {
            r.problems.add("broker.group: 1-64 letters, digits, '_', '.', '-' (no '/', '+', '#'), got '" + config.broker.group() + "'");
        }
        if (!r.problems.isEmpty()) {
            throw new InvalidConfigException(r.problems);
        }
        return config;
    }

    private static final class Reader {
        private final Config c;
        private final List<String> problems = new ArrayList<>();

        Reader(Config c) {
            this.c = c;
        }

        String string(String key) {
            try {
                return c.get(key).asString().get().strip();
            } catch (MissingValueException | ConfigMappingException e) {
                problems.add(key + ": missing");
                return "";
            }
        }

        int integer(String key, int min, int max) {
            String text = string(key);
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    problems.add(key + ": must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(key + ": expected an integer, got '" + text + "'");
                return min;
            }
        }

        String choice(String key, String... allowed) {
            String text = string(key);
            if (!java.util.Arrays.asList(allowed).contains(text)) {
                problems.add(key + ": expected one of " + String.join(", ", allowed) + ", got '" + text + "'");
            }
            return text;
        }

        java.util.Set<io.derrick.hub.security.Role> roles(String key) {
            java.util.Set<io.derrick.hub.security.Role> roles = java.util.EnumSet.noneOf(io.derrick.hub.security.Role.class);
            List<String> names;
            try {
                names = c.get(key).asList(String.class).get();
            } catch (MissingValueException | ConfigMappingException e) {
                names = List.of(string(key).split("\\s*,\\s*"));
            }
            for (String name : names) {
                io.derrick.hub.security.Role.parse(name.strip()).ifPresentOrElse(roles::add, () ->
                        problems.add(key + ": unknown role '" + name + "'; roles are " + io.derrick.hub.security.Role.names()));
            }
            return roles;
        }

        Duration duration(String key) {
            String text = string(key);
            try {
                return Duration.parse(text);
            } catch (RuntimeException e) {
                problems.add(key + ": expected an ISO-8601 duration such as PT168H, got '" + text + "'");
                return Duration.ZERO;
            }
        }
    }
}
