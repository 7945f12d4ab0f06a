package io.derrick.hub.testing;

import io.derrick.hub.db.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM (the hub's own runner, so the root case
 * is exercised too), a fresh database per test. Hubs under test connect to it by URL, as in production. With the
 * system property {@code derrick.test.postgres} (e.g. {@code /usr/lib/postgresql/15}) the server is that installation's.
 */
public final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static synchronized TestDatabase create() throws SQLException {
        if (server == null) {
            // -Dderrick.test.postgres=/usr/lib/postgresql/15 runs the suite on that installation (Debian's) instead
            String installed = System.getProperty("derrick.test.postgres", "");
            server = installed.isBlank() ? new EmbeddedPostgres(Path.of("target/test-postgres"), 0, "nobody").start()
                    : EmbeddedPostgres.withBinaries(Path.of(installed), Path.of("target/test-postgres-installed"), 0, "nobody").start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
        }
        String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(name);
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    public long count(String sql, Object... args) throws SQLException {
        return query(sql, args).stream().mapToLong(r -> ((Number) r.getFirst()).longValue()).findFirst().orElse(0);
    }

    /** Rows as lists of column values. */
    public List<List<Object>> query(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
