package io.derrick.hub.ingest;

import io.derrick.hub.alarm.AlarmLedger;
import io.derrick.hub.db.Database;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.ChannelSpec;
import io.derrick.protocol.Event;
import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.NodeState;
import io.derrick.protocol.ReadingBatch;
import io.derrick.protocol.TopicKind;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes decoded messages to PostgreSQL, several per transaction. Exactly-once rests on the
 * {@code received_message} row per (rig, node, seq) written in the same transaction as the readings,
 * the rollups and the latest values: a replayed batch finds its row and changes nothing.
 *
 * <p>A group that fails for a reason in the data is retried message by message, so one poison message
 * is rejected (and kept) without holding back the others. A failure of the database itself
 * ({@link TransientStoreException}) rejects nothing: the caller retries and acknowledges nothing meanwhile.
 */
public final class IngestStore {
    private static final Logger log = LoggerFactory.getLogger(IngestStore.class);
    /** Readings before this are a clock that was never set (a Pi without RTC boots in 1970). */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    /** Readings further ahead than this are a clock running ahead. */
    static final long MAX_FUTURE_MS = 24 * 3600_000L;
    private static final long DAY_MS = 86_400_000L;

    private final Database db;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, Integer> channelIds = new ConcurrentHashMap<>();
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    public IngestStore(Database db) {
        this.db = db;
    }

    /** Stores a group in as few transactions as it allows; the result is one outcome per input, in order. */
    public List<Outcome> store(List<Incoming> group) throws TransientStoreException {
        try {
            return storeInOneTransaction(group);
        } catch (SQLException e) {
            if (isTransient(e) || group.size() == 1) {
                if (isTransient(e)) {
                    throw new TransientStoreException(e);
                }
                return List.of(rejectAlone(group.getFirst(), "not storable: " + e.getMessage()));
            }
            log.warn("a group of {} messages failed ({}); storing them one by one", group.size(), e.getMessage());
            List<Outcome> outcomes = new ArrayList<>(group.size());
            for (Incoming m : group) {
                outcomes.addAll(store(List.of(m)));
            }
            return outcomes;
        }
    }

    private List<Outcome> storeInOneTransaction(List<Incoming> group) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            Transaction tx = new Transaction(c);
            try {
                List<Outcome> outcomes = new ArrayList<>(group.size());
                for (Incoming m : group) {
                    outcomes.add(tx.apply(m));
                }
                tx.flush();
                c.commit();
                channelIds.putAll(tx.newChannelIds);
                partitions.addAll(tx.newPartitions);
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e instanceof SQLException s ? s : new SQLException(e.getMessage(), "XX000", e);
            }
        }
    }

    private Outcome rejectAlone(Incoming m, String reason) throws TransientStoreException {
        try (Connection c = db.connection()) {
            insertReject(c, m, reason, null);
            return Outcome.rejected(reason);
        } catch (SQLException e) {
            throw new TransientStoreException(e);
        }
    }

    private static void insertReject(Connection c, Incoming m, String reason, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rejected_message (topic, reason, field, payload) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, m.topic());
            ps.setString(2, reason);
            ps.setString(3, field);
            ps.setBytes(4, m.payload());
            ps.executeUpdate();
        }
    }

    /** Connection loss, shutdown, resource exhaustion, serialization failures: the message is fine, the database is not. */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("58");
    }

    /** One transaction's work; rows that can be sent together (readings, rollups, latest values) wait for {@link #flush}. */
    private final class Transaction {
        private final Connection c;
        private final Map<String, Integer> newChannelIds = new HashMap<>();
        private final Set<LocalDate> newPartitions = new HashSet<>();
        private final Set<String> touchedNodes = new HashSet<>();
        private final StringBuilder copy = new StringBuilder(1 << 16);
        private final Map<Long, Aggregate> minute = new TreeMap<>(); // key: channel << 40 | bucket minute
        private final Map<Long, Aggregate> hour = new TreeMap<>();
        private final Map<Integer, Latest> latest = new TreeMap<>();
        private final Map<String, Long> lastSeq = new LinkedHashMap<>();
        /** the backlog each node reported with its latest batch: the figure of the latest sending wins, whatever its seq */
        private final Map<String, Long> backlog = new LinkedHashMap<>();

        Transaction(Connection c) {
            this.c = c;
        }

        Outcome apply(Incoming m) throws SQLException {
            if (m.problem() != null) {
                insertReject(c, m, m.problem().getMessage(), m.problem().field());
                return Outcome.rejected(m.problem().getMessage());
            }
            Message message = m.message();
            return switch (message) {
                case ReadingBatch batch -> applyBatch(m, batch);
                case Event event -> applyEvent(m, event);
                case Birth birth -> applyBirth(birth);
                case NodeState state -> applyState(state);
                default -> Outcome.ignored();
            };
        }

        private Outcome applyBatch(Incoming m, ReadingBatch batch) throws SQLException {
            long now = System.currentTimeMillis();
            for (ChannelSeries s : batch.series()) {
                for (long t : s.timesMs()) {
                    if (t < EARLIEST_PLAUSIBLE.toEpochMilli() || t > now + MAX_FUTURE_MS) {
                        String reason = "reading time " + Instant.ofEpochMilli(t) + " of " + s.channel()
                                + " is implausible (the node's clock is not set?)";
                        insertReject(c, m, reason, "series." + s.channel() + ".t");
                        return Outcome.rejected(reason);
                    }
                }
            }
            touchNode(batch.rig(), batch.node());
            if (batch.backlogReadings() >= 0) {
                backlog.put(batch.rig() + "\u0000" + batch.node(), batch.backlogReadings());
            }
            Outcome seen = claimSeq(m, batch.rig(), batch.node(), batch.seq(), TopicKind.DATA, batch.readingCount(), batch);
            if (seen != null) {
                return seen;
            }
            for (ChannelSeries s : batch.series()) {
                int channel = channelId(batch.rig(), batch.node(), s.channel());
                long[] times = s.timesMs();
                double[] values = s.values();
                long day = Long.MIN_VALUE;
                int newest = 0;
                for (int i = 0; i < times.length; i++) {
                    char q = s.quality()[i].code();
                    if (Math.floorDiv(times[i], DAY_MS) != day) {
                        day = Math.floorDiv(times[i], DAY_MS);
                        ensurePartition(day);
                    }
                    copy.append(channel).append('\t').append(Instant.ofEpochMilli(times[i])).append('\t')
                            .append(values[i]).append('\t').append(q).append('\n');
                    if (times[i] >= times[newest]) {
                        newest = i;
                    }
                    if (q == 'G' && Double.isFinite(values[i])) {
                        add(minute, channel, times[i] / 60_000, values[i]);
                        add(hour, channel, times[i] / 3_600_000, values[i]);
                    }
                }
                if (times.length > 0) {
                    latest.merge(channel, new Latest(times[newest], values[newest], s.quality()[newest].code()), Latest::newer);
                }
            }
            lastSeq.merge(batch.rig() + "\u0000" + batch.node(), batch.seq(), Math::max);
            return Outcome.stored(batch.readingCount());
        }

        private Outcome applyEvent(Incoming m, Event e) throws SQLException {
            touchNode(e.rig(), e.node());
            Outcome seen = claimSeq(m, e.rig(), e.node(), e.seq(), TopicKind.EVENT, 0, e);
            if (seen != null) {
                return seen;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO event (rig_id, node_id, seq, at, type, severity, channels, score, reason, figures, alarm_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
                ps.setString(1, e.rig());
                ps.setString(2, e.node());
                ps.setLong(3, e.seq());
                ps.setTimestamp(4, Timestamp.from(e.at()));
                ps.setString(5, e.type().name());
                ps.setString(6, e.severity().name());
                Array channels = c.createArrayOf("text", e.channels().toArray());
                ps.setArray(7, channels);
                if (Double.isNaN(e.score())) {
                    ps.setNull(8, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(8, e.score());
                }
                ps.setString(9, e.reason());
                ps.setString(10, Json.figures(e.figures()));
                ps.setString(11, e.alarm());
                ps.executeUpdate();
            }
            AlarmLedger.apply(c, e);
            lastSeq.merge(e.rig() + "\u0000" + e.node(), e.seq(), Math::max);
            return Outcome.stored(0);
        }

        private Outcome applyBirth(Birth b) throws SQLException {
            touchNode(b.rig(), b.node());
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE node SET agent_version = ?, config_hash = ?, boot_time = ?, backlog_readings = ?,
                                    dropped_readings = ?, last_seen = now()
                    WHERE rig_id = ? AND id = ?""")) {
                ps.setString(1, b.agentVersion());
                ps.setString(2, b.configHash());
                ps.setTimestamp(3, Timestamp.from(b.bootTime()));
                ps.setLong(4, b.backlogReadings());
                ps.setLong(5, b.droppedReadings());
                ps.setString(6, b.rig());
                ps.setString(7, b.node());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO channel (rig_id, node_id, mnemonic, unit, range_min, range_max, device, description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (rig_id, node_id, mnemonic) DO UPDATE SET unit = excluded.unit,
                        range_min = excluded.range_min, range_max = excluded.range_max,
                        device = excluded.device, description = excluded.description""")) {
                for (ChannelSpec spec : b.channels()) {
                    ps.setString(1, b.rig());
                    ps.setString(2, b.node());
                    ps.setString(3, spec.mnemonic());
                    ps.setString(4, spec.unit());
                    ps.setDouble(5, spec.min());
                    ps.setDouble(6, spec.max());
                    ps.setString(7, spec.device());
                    ps.setString(8, spec.description());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return Outcome.stored(0);
        }

        private Outcome applyState(NodeState s) throws SQLException {
            touchNode(s.rig(), s.node());
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE node SET state = ?, state_since = CASE WHEN state = ? THEN state_since ELSE now() END
                    WHERE rig_id = ? AND id = ?""")) {
                ps.setString(1, s.state().name());
                ps.setString(2, s.state().name());
                ps.setString(3, s.rig());
                ps.setString(4, s.node());
                ps.executeUpdate();
            }
            return Outcome.stored(0);
        }

        /** Null when this (node, seq) is new and now claimed; otherwise the duplicate or conflict outcome. */
        private Outcome claimSeq(Incoming m, String rig, String node, long seq, TopicKind kind, int readings,
                                 Message message) throws SQLException {
            byte[] digest = digest(message);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO received_message (rig_id, node_id, seq, kind, readings, digest)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.setLong(3, seq);
                ps.setString(4, kind.wireName());
                ps.setInt(5, readings);
                ps.setBytes(6, digest);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT digest FROM received_message WHERE rig_id = ? AND node_id = ? AND seq = ?")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (Arrays.equals(rs.getBytes(1), digest)) {
                        return Outcome.duplicate();
                    }
                }
            }
            String reason = "seq " + seq + " of " + rig + "/" + node + " is already stored with different content";
            insertReject(c, m, reason, "seq");
            return Outcome.rejected(reason);
        }

        private void touchNode(String rig, String node) throws SQLException {
            if (!touchedNodes.add(rig + "\u0000" + node)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rig (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET last_seen = now()")) {
                ps.setString(1, rig);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO node (rig_id, id) VALUES (?, ?) ON CONFLICT (rig_id, id) DO UPDATE SET last_seen = now()")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.executeUpdate();
            }
        }

        private int channelId(String rig, String node, String mnemonic) throws SQLException {
            String key = rig + "\u0000" + node + "\u0000" + mnemonic;
            Integer id = channelIds.get(key);
            if (id == null) {
                id = newChannelIds.get(key);
            }
            if (id != null) {
                return id;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO channel (rig_id, node_id, mnemonic) VALUES (?, ?, ?)
                    ON CONFLICT (rig_id, node_id, mnemonic) DO UPDATE SET mnemonic = excluded.mnemonic
                    RETURNING id""")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.setString(3, mnemonic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            }
            newChannelIds.put(key, id);
            return id;
        }

        /** Called once per run of readings on the same UTC day ({@code epochDay}), not per reading. */
        private void ensurePartition(long epochDay) throws SQLException {
            LocalDate day = LocalDate.ofEpochDay(epochDay);
            if (partitions.contains(day) || newPartitions.contains(day)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ensure_reading_partition(?)")) {
                ps.setObject(1, day);
                ps.execute();
            }
            newPartitions.add(day);
        }

        /** Sends the rows collected from every message of the group: COPY, then rollups, latest values, seqs. */
        void flush() throws SQLException {
            if (!copy.isEmpty()) {
                try {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY reading (channel_id, at, value, quality) FROM STDIN", new StringReader(copy.toString()));
                } catch (IOException e) {
                    throw new SQLException("COPY failed: " + e.getMessage(), "08000", e);
                }
            }
            upsertRollup("rollup_1m", minute, 60_000);
            upsertRollup("rollup_1h", hour, 3_600_000);
            if (!latest.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE channel SET latest_at = ?, latest_value = ?, latest_quality = ?
                        WHERE id = ? AND (latest_at IS NULL OR latest_at <= ?)""")) {
                    for (Map.Entry<Integer, Latest> e : latest.entrySet()) {
                        Timestamp at = new Timestamp(e.getValue().timeMs());
                        ps.setTimestamp(1, at);
                        ps.setDouble(2, e.getValue().value());
                        ps.setString(3, String.valueOf(e.getValue().quality()));
                        ps.setInt(4, e.getKey());
                        ps.setTimestamp(5, at);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            updateNodes("UPDATE node SET last_seq = GREATEST(coalesce(last_seq, -1), ?) WHERE rig_id = ? AND id = ?", lastSeq);
            updateNodes("UPDATE node SET backlog_readings = ? WHERE rig_id = ? AND id = ?", backlog);
        }

        /** One figure per node ({@code rig \0 node} -> value) into {@code sql}'s three parameters: value, rig, node. */
        private void updateNodes(String sql, Map<String, Long> figures) throws SQLException {
            if (figures.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Map.Entry<String, Long> e : figures.entrySet()) {
                    String[] key = e.getKey().split("\u0000");
                    ps.setLong(1, e.getValue());
                    ps.setString(2, key[0]);
                    ps.setString(3, key[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private void upsertRollup(String table, Map<Long, Aggregate> buckets, long bucketMs) throws SQLException {
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
    }

    private static void add(Map<Long, Aggregate> buckets, int channel, long bucket, double value) {
        buckets.computeIfAbsent(((long) channel << 40) | bucket, k -> new Aggregate()).add(value);
    }

    /** What makes a message the same message: its content, not the backlog its node reported when sending it. */
    private byte[] digest(Message message) {
        Message content = message instanceof ReadingBatch batch ? batch.withBacklog(ReadingBatch.UNKNOWN) : message;
        try {
            return MessageDigest.getInstance("SHA-256").digest(codec.encode(content, false));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
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

    private record Latest(long timeMs, double value, char quality) {
        static Latest newer(Latest a, Latest b) {
            return b.timeMs >= a.timeMs ? b : a;
        }
    }
}
