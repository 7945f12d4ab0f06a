package io.derrick.hub.history;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the ingest writes into the history's tables, in the ingest's transaction: raw readings by COPY into the day's
 * partition (made when the first reading of a day arrives) and the 1-minute and 1-hour rollups. One instance per
 * transaction collects the rows of every message of a group and sends them at {@link #flush}. Plain PgJDBC: the
 * ingest's hot path (docs/architecture.md).
 */
public final class HistoryWriter {
    private final StringBuilder copy = new StringBuilder(1 << 16);
    private final Map<Long, Aggregate> minute = new TreeMap<>(); // key: channel << 40 | bucket minute
    private final Map<Long, Aggregate> hour = new TreeMap<>();

    /** A reading to store; good finite values count in the rollups. */
    public void add(int channel, long timeMs, double value, char quality) {
        copy.append(channel).append('\t').append(java.time.Instant.ofEpochMilli(timeMs)).append('\t')
                .append(value).append('\t').append(quality).append('\n');
        if (quality == 'G' && Double.isFinite(value)) {
            add(minute, channel, timeMs / 60_000, value);
            add(hour, channel, timeMs / 3_600_000, value);
        }
    }

    /** Makes the partition of {@code day} (UTC) if there is none yet. */
    public static void ensurePartition(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ensure_reading_partition(?)")) {
            ps.setObject(1, day);
            ps.execute();
        }
    }

    /** Sends the collected rows: COPY, then the rollups. */
    public void flush(Connection c) throws SQLException {
        if (!copy.isEmpty()) {
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY reading (channel_id, at, value, quality) FROM STDIN", new StringReader(copy.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), "08000", e);
            }
        }
        upsertRollup(c, "rollup_1m", minute, 60_000);
        upsertRollup(c, "rollup_1h", hour, 3_600_000);
    }

    private static void upsertRollup(Connection c, String table, Map<Long, Aggregate> buckets, long bucketMs) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + """
                 AS r (channel_id, bucket, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (channel_id, bucket) DO UPDATE SET n = r.n + excluded.n, sum = r.sum + excluded.sum,
                    min = LEAST(r.min, excluded.min), max = GREATEST(r.max, excluded.max)""")) {
            for (Map.Entry<Long, Aggregate> e : buckets.entrySet()) {
                Aggregate a = e.getValue();
                ps.setInt(1, (int) (e.getKey() >>> 40));
                ps.setTimestamp(2, new Timestamp((e.getKey() & ((1L << 40) - 1)) * bucketMs));
                ps.setInt(3, a.n);
                ps.setDouble(4, a.sum);
                ps.setDouble(5, a.min);
                ps.setDouble(6, a.max);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void add(Map<Long, Aggregate> buckets, int channel, long bucket, double value) {
        buckets.computeIfAbsent(((long) channel << 40) | bucket, k -> new Aggregate()).add(value);
    }

    private static final class Aggregate {
        int n;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }
}
