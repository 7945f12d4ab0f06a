package io.derrick.hub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The hub's PostgreSQL: one connection pool shared by helidon-dbclient (ordinary queries) and plain
 * JDBC (the ingest hot path, which needs COPY-like batching and explicit transactions). The schema is
 * brought to the current version by Flyway before anything else touches it.
 *
 * <p>A request waits at most {@code connectTimeout} for a connection, so with the database away the API answers
 * (503, {@link #isConnectionFailure}) in seconds rather than hanging for the pool's default 30. Whether the database
 * is reachable is tracked from every connection the pool hands out or fails to: one log line when it goes away, one
 * when it is back.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final DbClient client;
    private final Object state = new Object();
    /** since when connections fail, and why; null while the database answers */
    private java.time.Instant downSince;
    private String downReason;

    public Database(String jdbcUrl, String user, String password, int maxConnections) {
        this(jdbcUrl, user, password, maxConnections, java.time.Duration.ofSeconds(2));
    }

    public Database(String jdbcUrl, String user, String password, int maxConnections, java.time.Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("derrick-db");
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setValidationTimeout(Math.min(1000, connectTimeout.toMillis()));
        // fail at start with the real reason rather than a pool that silently retries
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "derrick-hub");
        this.pool = new HikariDataSource(config);
        this.client = JdbcClientBuilder.create()
                .connectionPool(() -> {
                    try {
                        return connection();
                    } catch (SQLException e) {
                        throw new DbClientException("no database connection: " + e.getMessage(), e);
                    }
                })
                .build();
    }

    /** Applies pending migrations from {@code db/migration} on the classpath. */
    public Database migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        log.info("database schema at version {} ({} migration(s) applied now)", flyway.info().current().getVersion(),
                result.migrationsExecuted);
        return this;
    }

    public DbClient client() {
        return client;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A connection from the pool; waits at most the connect timeout. */
    public Connection connection() throws SQLException {
        try {
            Connection c = pool.getConnection();
            reachable();
            return c;
        } catch (SQLException e) {
            unreachable(e);
            throw e;
        }
    }

    /** Why the database cannot be reached now, when the last connection attempt failed; empty while it answers. */
    public java.util.Optional<String> unreachableReason() {
        synchronized (state) {
            return java.util.Optional.ofNullable(downReason);
        }
    }

    /** Whether {@code e} (or a cause of it) says the database is away rather than that a statement was wrong. */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01") || s.getSQLState().equals("57P03"))) {
                return true;     // connection exceptions; admin shutdown; cannot connect now (starting up)
            }
        }
        return false;
    }

    /** The root cause in words: "Connection to 127.0.0.1:5432 refused", not the pool's "request timed out". */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private void reachable() {
        synchronized (state) {
            if (downSince != null) {
                log.info("the database is reachable again after {} s", java.time.Duration.between(downSince, java.time.Instant.now()).toSeconds());
                downSince = null;
                downReason = null;
            }
        }
    }

    private void unreachable(SQLException e) {
        if (!isConnectionFailure(e)) {
            return;
        }
        synchronized (state) {
            downReason = describe(e);
            if (downSince == null) {
                downSince = java.time.Instant.now();
                log.warn("the database is not reachable: {}; the API answers 503 and the ingest acknowledges nothing until it is back",
                        downReason);
            }
        }
    }

    /** Work on one connection in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);   // a lost connection fails its rollback too: the first failure tells why
                }
                if (e instanceof SQLException s) {
                    unreachable(s);
                }
                throw e;
            }
        }
    }

    /** True when a connection can be taken (within the connect timeout) and answers a query within a second. */
    public boolean isReachable() {
        try (Connection c = connection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
