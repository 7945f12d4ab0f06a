package io.derrick.edge.buffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The buffer file's schema, versioned with {@code PRAGMA user_version}: a new buffer is created at
 * {@link SqliteBuffer#SCHEMA_VERSION}, an older one is migrated step by step in one transaction (a crash midway leaves
 * the old file as it was), and one written by a newer agent is refused rather than misread.
 */
final class BufferSchema {
    private static final Logger log = LoggerFactory.getLogger(BufferSchema.class);

    private BufferSchema() {
    }

    /** Brings the buffer at {@code path} to the current schema; {@code db} is not in auto-commit. */
    static void migrate(Connection db, Path path) throws SQLException {
        int version = (int) scalar(db, "PRAGMA user_version");
        boolean fresh = scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'reading'") == 0;
        if (version > SqliteBuffer.SCHEMA_VERSION) {
            throw new SQLException("the buffer was written by a newer agent (schema version " + version + ", this agent knows up to "
                    + SqliteBuffer.SCHEMA_VERSION + "); run that agent version, or move the file aside to start an empty buffer");
        }
        try (Statement s = db.createStatement()) {
            if (fresh) {
                create(s);
            } else {
                for (int from = version; from < SqliteBuffer.SCHEMA_VERSION; from++) {
                    switch (from) {
                        case 0 -> qualityAsCode(s);
                        default -> throw new IllegalStateException("no migration from buffer schema " + from);
                    }
                }
            }
            s.execute("PRAGMA user_version = " + SqliteBuffer.SCHEMA_VERSION);
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
        if (!fresh && version < SqliteBuffer.SCHEMA_VERSION) {
            log.info("buffer {} migrated from schema version {} to {}", path, version, SqliteBuffer.SCHEMA_VERSION);
        }
    }

    private static void create(Statement s) throws SQLException {
        s.execute("CREATE TABLE channel(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
        s.execute(READING);
        s.execute("CREATE TABLE outbox(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, first_id INTEGER NOT NULL, "
                + "last_id INTEGER NOT NULL, readings INTEGER NOT NULL, last_t INTEGER NOT NULL, payload BLOB)");
        s.execute(OUTBOX_BY_KIND);
        s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        s.execute("CREATE TABLE active_alarm(key TEXT PRIMARY KEY, alarm TEXT NOT NULL)");
        s.execute("INSERT INTO meta VALUES ('next_seq', 1), ('sealed_up_to', 0), ('dropped_total', 0)");
    }

    private static final String READING = "CREATE TABLE reading(id INTEGER PRIMARY KEY AUTOINCREMENT, ch INTEGER NOT NULL, "
            + "t INTEGER NOT NULL, v REAL, q TEXT NOT NULL CHECK (q IN ('G', 'S', 'B')))";
    /** the publisher asks for the waiting events before the data (events go first after an outage) */
    private static final String OUTBOX_BY_KIND = "CREATE INDEX outbox_by_kind ON outbox(kind, seq)";

    /**
     * 0 → 1: the quality becomes its code. The reading table is rebuilt with the same ids, and its AUTOINCREMENT
     * counter is carried over: ids must keep growing past everything ever sealed, even when the table is empty.
     */
    private static void qualityAsCode(Statement s) throws SQLException {
        long lastId = scalar(s.getConnection(), "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'reading'");
        s.execute("ALTER TABLE reading RENAME TO reading_v0");
        s.execute(READING);
        // Derrick 0.1.0 stored Quality.ordinal(): GOOD 0, STALE 1, BAD 2
        int copied = s.executeUpdate("INSERT INTO reading(id, ch, t, v, q) SELECT id, ch, t, v, "
                + "CASE q WHEN 0 THEN 'G' WHEN 1 THEN 'S' WHEN 2 THEN 'B' END FROM reading_v0 ORDER BY id");
        s.execute("DROP TABLE reading_v0");
        s.execute("UPDATE sqlite_sequence SET seq = max(seq, " + lastId + ") WHERE name = 'reading'");
        if (s.executeUpdate("UPDATE sqlite_sequence SET seq = seq WHERE name = 'reading'") == 0) {
            s.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('reading', " + lastId + ")");
        }
        s.execute(OUTBOX_BY_KIND);
        log.info("buffer schema 0 -> 1: {} buffered readings keep their quality as a code", copied);
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
