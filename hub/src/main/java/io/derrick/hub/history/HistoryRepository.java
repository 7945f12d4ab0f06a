package io.derrick.hub.history;

import io.derrick.hub.platform.db.Database;


import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Channel history downsampled to at most N buckets over a window. Each bucket carries avg, min and max
 * of the good readings in it, so a chart can draw the envelope and a spike survives downsampling.
 * The source is chosen by bucket width: raw readings under a minute, 1-minute rollups up to an hour,
 * 1-hour rollups beyond; {@link Source#RAW} forces raw (for checks against the rollups).
 */
public final class HistoryRepository {
    public enum Source {
        AUTO, RAW, MINUTE, HOUR;

        public String table() {
            return switch (this) {
                case MINUTE -> "rollup_1m";
                case HOUR -> "rollup_1h";
                default -> "reading";
            };
        }
    }

    public record Series(String node, String channel, String unit, long[] t, double[] avg, double[] min, double[] max, long[] n) {
    }

    public record History(String rig, Instant from, Instant to, long bucketMs, Source source, List<Series> series) {
    }

    private final Database db;

    public HistoryRepository(Database db) {
        this.db = db;
    }

    /** Channel ids of a rig by mnemonic (a mnemonic on two nodes yields two). */
    public Map<String, List<ChannelRef>> channelsOf(String rig) {
        Map<String, List<ChannelRef>> out = new java.util.TreeMap<>();
        db.read(h -> h.createQuery("SELECT id, node_id, mnemonic, unit FROM channel WHERE rig_id = ?").bind(0, rig)
                        .map((rs, ctx) -> new ChannelRef(rs.getInt("id"), rs.getString("node_id"), rs.getString("mnemonic"), rs.getString("unit")))
                        .list())
                .forEach(c -> out.computeIfAbsent(c.mnemonic(), k -> new ArrayList<>()).add(c));
        return out;
    }

    public record ChannelRef(int id, String node, String mnemonic, String unit) {
    }

    public static Source choose(Source requested, long bucketMs) {
        if (requested != Source.AUTO) {
            return requested;
        }
        if (bucketMs >= 3_600_000) {
            return Source.HOUR;
        }
        return bucketMs >= 60_000 ? Source.MINUTE : Source.RAW;
    }

    public History query(String rig, List<ChannelRef> channels, Instant from, Instant to, int points, Source requested) {
        long spanMs = Duration.between(from, to).toMillis();
        long bucketMs = Math.max(1, (spanMs + points - 1) / points);
        Source source = choose(requested, bucketMs);
        List<Series> series = new ArrayList<>();
        for (ChannelRef c : channels) {
            series.add(series(c, from, to, bucketMs, source));
        }
        return new History(rig, from, to, bucketMs, source, series);
    }

    private Series series(ChannelRef c, Instant from, Instant to, long bucketMs, Source source) {
        String sql = source == Source.RAW ? """
                SELECT date_bin(make_interval(secs => ?), at, ?) AS b, avg(value) AS avg, min(value) AS min,
                       max(value) AS max, count(*) AS n
                FROM reading WHERE channel_id = ? AND at >= ? AND at < ? AND quality = 'G'
                GROUP BY b ORDER BY b""" : """
                SELECT date_bin(make_interval(secs => ?), bucket, ?) AS b, sum(sum) / sum(n) AS avg, min(min) AS min,
                       max(max) AS max, sum(n) AS n
                FROM %s WHERE channel_id = ? AND bucket >= ? AND bucket < ?
                GROUP BY b ORDER BY b""".formatted(source.table());
        Timestamp origin = Timestamp.from(from);
        record Bucket(long t, double avg, double min, double max, long n) {
        }
        List<Bucket> rows = db.read(h -> h.createQuery(sql).bind(0, bucketMs / 1000.0).bind(1, origin).bind(2, c.id()).bind(3, origin)
                .bind(4, Timestamp.from(to))
                .map((rs, ctx) -> new Bucket(rs.getTimestamp("b").getTime(), rs.getDouble("avg"), rs.getDouble("min"), rs.getDouble("max"),
                        rs.getLong("n")))
                .list());
        int size = rows.size();
        long[] t = new long[size];
        double[] avg = new double[size];
        double[] min = new double[size];
        double[] max = new double[size];
        long[] n = new long[size];
        for (int i = 0; i < size; i++) {
            Bucket b = rows.get(i);
            t[i] = b.t();
            avg[i] = b.avg();
            min[i] = b.min();
            max[i] = b.max();
            n[i] = b.n();
        }
        return new Series(c.node(), c.mnemonic(), c.unit(), t, avg, min, max, n);
    }
}
