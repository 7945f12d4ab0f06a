package io.derrick.hub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database of a test's own on the suite's PostgreSQL ({@link TestPostgres}: one server per build), copied from the
 * template that is migrated once, so a test starts on the current schema in milliseconds. Hubs under test connect to
 * it by URL, as in production.
 */
public final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final TestPostgres server;
    private final String name;

    private TestDatabase(TestPostgres server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A new database at the current schema. */
    public static TestDatabase create() throws SQLException {
        return create(true);
    }

    /** A new database without any table: for what a first start does to an empty database. */
    public static TestDatabase empty() throws SQLException {
        return create(false);
    }

    private static TestDatabase create(boolean migrated) throws SQLException {
        TestPostgres server = TestPostgres.get();
        String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + (migrated ? " TEMPLATE " + TestPostgres.TEMPLATE : ""));
        }
        return new TestDatabase(server, name);
    }

    public String url() {
        return server.url(name);
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

    /** A statement that changes rows (a test's own set-up); the number of rows. */
    public int execute(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
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
        try (Connection c = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
