package io.derrick.hub.testing;

import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.db.EmbeddedPostgres;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * The test suite's PostgreSQL: one server per build, started by the build before the integration tests and stopped
 * after them ({@code main start|stop}, hub/pom.xml), shared by every test JVM through {@code server.properties}.
 * Settings for tests (fsync and synchronous commit off: a crash of the test server loses nothing a test needs), and a
 * template database migrated once ({@value #TEMPLATE}), from which each test database is copied in a few milliseconds.
 * A test run from an IDE, without the build's server, starts one of its own in its JVM.
 *
 * <p>{@code -Dderrick.test.postgres=/usr/lib/postgresql/15} runs it from that installation (Debian's) instead of the
 * embedded binaries.
 */
public record TestPostgres(int port, String user, String password) {
    public static final String TEMPLATE = "derrick_template";
    private static final Map<String, String> TEST_SETTINGS = Map.of("fsync", "off", "synchronous_commit", "off",
            "full_page_writes", "off", "max_connections", "300");

    /** {@code start DIR} starts the server and writes DIR/server.properties; {@code stop DIR} stops it. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]).toAbsolutePath();
        switch (args[0]) {
            case "start" -> {
                TestPostgres server = start(dir, false);
                Properties p = new Properties();
                p.setProperty("port", Integer.toString(server.port()));
                p.setProperty("user", server.user());
                p.setProperty("password", server.password());
                try (Writer w = Files.newBufferedWriter(dir.resolve("server.properties"))) {
                    p.store(w, "the test suite's PostgreSQL (TestPostgres)");
                }
                System.out.println("test PostgreSQL on 127.0.0.1:" + server.port() + ", template " + TEMPLATE + " migrated");
                System.exit(0);    // the server runs on as its own process, for the test JVMs
            }
            case "stop" -> {
                Files.deleteIfExists(dir.resolve("server.properties"));
                postgres(dir).stopOther();
            }
            default -> throw new IllegalArgumentException("start DIR | stop DIR");
        }
    }

    /** The build's server when it runs one, else one of this JVM's own (stopped when the JVM exits). */
    static synchronized TestPostgres get() {
        if (shared == null) {
            String file = System.getProperty("derrick.test.server", "");
            Path properties = file.isBlank() ? null : Path.of(file);
            try {
                if (properties != null && Files.exists(properties)) {
                    Properties p = new Properties();
                    try (Reader r = Files.newBufferedReader(properties)) {
                        p.load(r);
                    }
                    shared = new TestPostgres(Integer.parseInt(p.getProperty("port")), p.getProperty("user"), p.getProperty("password"));
                } else {
                    shared = start(Path.of("target/test-postgres-" + ProcessHandle.current().pid()), true);
                }
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("cannot reach the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    private static TestPostgres shared;

    /** @param ownedByThisJvm stopped when this JVM exits (else it runs on, for the build to stop) */
    private static TestPostgres start(Path dir, boolean ownedByThisJvm) throws SQLException {
        EmbeddedPostgres server = postgres(dir).withSettings(TEST_SETTINGS).start();
        if (ownedByThisJvm) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
        }
        TestPostgres pg = new TestPostgres(server.port(), server.user(), server.password());
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), pg.user(), pg.password()); Statement s = c.createStatement()) {
            // the cluster outlives a run (target/): the last run's databases go, and its template (the migrations may have changed)
            java.util.List<String> left = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'")) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            for (String name : left) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            try (var rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + TEMPLATE + "'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    s.execute("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE false");
                    s.execute("DROP DATABASE " + TEMPLATE + " WITH (FORCE)");
                }
            }
            s.execute("CREATE DATABASE " + TEMPLATE);
        }
        try (Database db = new Database(pg.url(TEMPLATE), pg.user(), pg.password(), 2)) {
            db.migrate();
        }
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), pg.user(), pg.password()); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        }
        return pg;
    }

    private static EmbeddedPostgres postgres(Path dir) {
        String installed = System.getProperty("derrick.test.postgres", "");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return installed.isBlank() ? new EmbeddedPostgres(dir, 0, "nobody")
                : EmbeddedPostgres.withBinaries(Path.of(installed), dir.resolveSibling(dir.getFileName() + "-installed"), 0, "nobody");
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }
}
