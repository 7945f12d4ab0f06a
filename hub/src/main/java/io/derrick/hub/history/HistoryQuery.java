package io.derrick.hub.history;

import io.derrick.hub.platform.db.Database;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What other features may read of the history: a rig's channels as minute averages (the daily reports' sensor figures). */
public final class HistoryQuery {
    private final Database db;

    HistoryQuery(Database db) {
        this.db = db;
    }

    /** Per minute in [from, to), each of {@code mnemonics}' average over the minute (all of the rig's nodes together), in time order. */
    public Map<Instant, Map<String, Double>> minuteAverages(String rig, Collection<String> mnemonics, Instant from, Instant to) {
        return averages("rollup_1m", rig, mnemonics, from, to);
    }

    /** Per hour in [from, to), each of {@code mnemonics}' average over the hour (equipment health's steps), in time order. */
    public Map<Instant, Map<String, Double>> hourAverages(String rig, Collection<String> mnemonics, Instant from, Instant to) {
        return averages("rollup_1h", rig, mnemonics, from, to);
    }

    private Map<Instant, Map<String, Double>> averages(String table, String rig, Collection<String> mnemonics, Instant from, Instant to) {
        record Row(Instant bucket, String mnemonic, double avg) {
        }
        List<Row> rows = db.read(h -> h.createQuery("""
                        SELECT r.bucket, c.mnemonic, sum(r.sum) / sum(r.n) AS avg
                        FROM %s r JOIN channel c ON c.id = r.channel_id
                        WHERE c.rig_id = :rig AND c.mnemonic = ANY (:mnemonics) AND r.bucket >= :from AND r.bucket < :to
                        GROUP BY r.bucket, c.mnemonic""".formatted(table))
                .bind("rig", rig).bindArray("mnemonics", String.class, List.copyOf(mnemonics))
                .bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Row(rs.getTimestamp("bucket").toInstant(), rs.getString("mnemonic"), rs.getDouble("avg")))
                .list());
        Map<Instant, Map<String, Double>> out = new TreeMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.bucket(), k -> new LinkedHashMap<>()).put(r.mnemonic(), r.avg()));
        return out;
    }
}
