package io.derrick.hub.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hub's PostgreSQL: one connection pool, Jdbi over it for every repository ({@link #inTransaction}: committed when
 * the work returns, rolled back when it throws, so a write and its audit row go together), and plain JDBC connections
 * only for the ingest's hot path (COPY) and the job scheduler. The schema is brought to the current version by Flyway,
 * from each feature's own migrations, before anything else touches it.
 *
 * <p>A request waits at most {@code connectTimeout} for a connection, so with the database away the API answers
 * (503, {@link #isConnectionFailure}) in seconds rather than hanging for the pool's default 30. Whether the database
 * is reachable is tracked from every connection the pool hands out or fails to: one log line when it goes away, one
 * when it is back.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Object state = new Object();
    /** since when connections fail, and why; null while the database answers */
    private Instant downSince;
    private String downReason;

    public Database(String jdbcUrl, String user, String password, int maxConnections) {
        this(jdbcUrl, user, password, maxConnections, Duration.ofSeconds(2));
    }

    public Database(String jdbcUrl, String user, String password, int maxConnections, Duration connectTimeout) {
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
        this.jdbi = Jdbi.create(this::connection);
    }

    /**
     * Applies pending migrations: everything under {@code db/} on the class path, the baseline in {@code db/migration}
     * and each feature's in {@code db/<feature>} (docs/architecture.md: how their versions are numbered so that they
     * never collide).
     */
    public Database migrate() {
        // out of order: a feature's new migration (platform 5.10.2, say) runs on a database that has a later feature's
        // (report 5.60.2) already; the features' migrations are independent, numbered by feature, each in its order
        Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db").outOfOrder(true).load();
        MigrateResult result = flyway.migrate();
        log.info("database schema at version {} ({} migration(s) applied now)", flyway.info().current().getVersion(),
                result.migrationsExecuted);
        return this;
    }

    /** Work on one handle, committed as it goes (reads). */
    public <T, X extends Exception> T read(HandleCallback<T, X> work) throws X {
        return jdbi.withHandle(work);
    }

    /** Work in one transaction: committed when it returns, rolled back when it throws (a lost connection too). */
    public <T, X extends Exception> T inTransaction(HandleCallback<T, X> work) throws X {
        try {
            return jdbi.inTransaction(work);
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    public <X extends Exception> void useTransaction(HandleConsumer<X> work) throws X {
        inTransaction(h -> {
            work.useHandle(h);
            return null;
        });
    }

    /** The pool, for the job scheduler (its own JDBC). */
    public DataSource dataSource() {
        return pool;
    }

    /** A plain connection from the pool (the ingest's COPY); waits at most the connect timeout. */
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
    public Optional<String> unreachableReason() {
        synchronized (state) {
            return Optional.ofNullable(downReason);
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

    /** Marks the database away when {@code e} says so (a query that lost its connection midway). */
    public void failed(Throwable e) {
        if (isConnectionFailure(e)) {
            unreachable(e);
        }
    }

    private void reachable() {
        synchronized (state) {
            if (downSince != null) {
                log.info("the database is reachable again after {} s", Duration.between(downSince, Instant.now()).toSeconds());
                downSince = null;
                downReason = null;
            }
        }
    }

    private void unreachable(Throwable e) {
        if (!isConnectionFailure(e)) {
            return;
        }
        synchronized (state) {
            downReason = describe(e);
            if (downSince == null) {
                downSince = Instant.now();
                log.warn("the database is not reachable: {}; the API answers 503 and the ingest acknowledges nothing until it is back",
                        downReason);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
