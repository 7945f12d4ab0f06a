package io.derrick.hub.ingest;

import io.derrick.hub.alarm.AlarmLedger;
import io.derrick.hub.fleet.FleetLedger;
import io.derrick.hub.history.HistoryWriter;
import io.derrick.hub.platform.db.Database;
import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Event;
import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.NodeState;
import io.derrick.protocol.ReadingBatch;
import io.derrick.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
 * the rollups and the latest values: a replayed batch finds its row and changes nothing. The ingest owns that guard
 * and the rejected messages; what a message changes elsewhere is written by the owner of those tables in the same
 * transaction: the fleet ({@link FleetLedger}), the history ({@link HistoryWriter}), the alarms ({@link AlarmLedger}).
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
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, Integer> channelIds = new ConcurrentHashMap<>();
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    public IngestStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores a group in as few transactions as it allows; the result is one outcome per input, in order. */
    public List<Outcome> store(List<Incoming> group) throws TransientStoreException {
        try {
            return storeInOneTransaction(group);
        } catch (SQLException | RuntimeException e) {
            SQLException sql = sqlCause(e);
            if (isTransient(sql) || group.size() == 1) {
                if (isTransient(sql)) {
                    throw new TransientStoreException(sql);
                }
                return List.of(rejectAlone(group.getFirst(), "not storable: " + Database.describe(e)));
            }
            log.warn("a group of {} messages failed ({}); storing them one by one", group.size(), Database.describe(e));
            List<Outcome> outcomes = new ArrayList<>(group.size());
            for (Incoming m : group) {
                outcomes.addAll(store(List.of(m)));
            }
            return outcomes;
        }
    }

    private List<Outcome> storeInOneTransaction(List<Incoming> group) throws SQLException {
        Transaction tx = db.inTransaction(h -> {
            Transaction t = new Transaction(h.getConnection(), clock.instant());
            for (Incoming m : group) {
                t.outcomes.add(t.apply(m));
            }
            t.flush();
            return t;
        });
        channelIds.putAll(tx.newChannelIds);
        partitions.addAll(tx.newPartitions);
        return tx.outcomes;
    }

    private Outcome rejectAlone(Incoming m, String reason) throws TransientStoreException {
        try (Connection c = db.connection()) {
            insertReject(c, m, reason, null, clock.instant());
            return Outcome.rejected(reason);
        } catch (SQLException e) {
            throw new TransientStoreException(e);
        }
    }

    private static void insertReject(Connection c, Incoming m, String reason, String field, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rejected_message (topic, reason, field, payload, received_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, m.topic());
            ps.setString(2, reason);
            ps.setString(3, field);
            ps.setBytes(4, m.payload());
            ps.setTimestamp(5, java.sql.Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /** The SQLException behind a failure (Jdbi wraps them), or null when there is none. */
    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** Connection loss, shutdown, resource exhaustion, serialization failures: the message is fine, the database is not. */
    static boolean isTransient(SQLException e) {
        if (e == null) {
            return false;
        }
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("58");
    }

    /** One transaction's work; rows that can be sent together (readings, rollups, latest values) wait for {@link #flush}. */
    private final class Transaction {
        private final Connection c;
        private final Instant now;
        private final List<Outcome> outcomes = new ArrayList<>();
        private final Map<String, Integer> newChannelIds = new HashMap<>();
        private final Set<LocalDate> newPartitions = new HashSet<>();
        private final Set<String> seenNodes = new HashSet<>();
        private final HistoryWriter history = new HistoryWriter();
        private final Map<Integer, FleetLedger.Latest> latest = new TreeMap<>();
        private final Map<String, Long> lastSeq = new LinkedHashMap<>();
        /** the backlog each node reported with its latest batch: the figure of the latest sending wins, whatever its seq */
        private final Map<String, Long> backlog = new LinkedHashMap<>();

        Transaction(Connection c, Instant now) {
            this.c = c;
            this.now = now;
        }

        Outcome apply(Incoming m) throws SQLException {
            if (m.problem() != null) {
                insertReject(c, m, m.problem().getMessage(), m.problem().field(), now);
                return Outcome.rejected(m.problem().getMessage());
            }
            Message message = m.message();
            return switch (message) {
                case ReadingBatch batch -> applyBatch(m, batch);
                case Event event -> applyEvent(m, event);
                case Birth birth -> {
                    seen(birth.rig(), birth.node());
                    FleetLedger.birth(c, birth, now);
                    yield Outcome.stored(0);
                }
                case NodeState state -> {
                    seen(state.rig(), state.node());
                    FleetLedger.state(c, state, now);
                    yield Outcome.stored(0);
                }
                default -> Outcome.ignored();
            };
        }

        private Outcome applyBatch(Incoming m, ReadingBatch batch) throws SQLException {
            long nowMs = now.toEpochMilli();
            for (ChannelSeries s : batch.series()) {
                for (long t : s.timesMs()) {
                    if (t < EARLIEST_PLAUSIBLE.toEpochMilli() || t > nowMs + MAX_FUTURE_MS) {
                        String reason = "reading time " + Instant.ofEpochMilli(t) + " of " + s.channel()
                                + " is implausible (the node's clock is not set?)";
                        insertReject(c, m, reason, "series." + s.channel() + ".t", now);
                        return Outcome.rejected(reason);
                    }
                }
            }
            seen(batch.rig(), batch.node());
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
                    if (Math.floorDiv(times[i], DAY_MS) != day) {
                        day = Math.floorDiv(times[i], DAY_MS);
                        ensurePartition(day);
                    }
                    history.add(channel, times[i], values[i], s.quality()[i].code());
                    if (times[i] >= times[newest]) {
                        newest = i;
                    }
                }
                if (times.length > 0) {
                    latest.merge(channel, new FleetLedger.Latest(times[newest], values[newest], s.quality()[newest].code()),
                            FleetLedger.Latest::newer);
                }
            }
            lastSeq.merge(batch.rig() + "\u0000" + batch.node(), batch.seq(), Math::max);
            return Outcome.stored(batch.readingCount());
        }

        private Outcome applyEvent(Incoming m, Event e) throws SQLException {
            seen(e.rig(), e.node());
            Outcome seen = claimSeq(m, e.rig(), e.node(), e.seq(), TopicKind.EVENT, 0, e);
            if (seen != null) {
                return seen;
            }
            AlarmLedger.record(c, e, now);
            lastSeq.merge(e.rig() + "\u0000" + e.node(), e.seq(), Math::max);
            return Outcome.stored(0);
        }

        /** Null when this (node, seq) is new and now claimed; otherwise the duplicate or conflict outcome. */
        private Outcome claimSeq(Incoming m, String rig, String node, long seq, TopicKind kind, int readings,
                                 Message message) throws SQLException {
            byte[] digest = digest(message);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO received_message (rig_id, node_id, seq, kind, readings, digest, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.setLong(3, seq);
                ps.setString(4, kind.wireName());
                ps.setInt(5, readings);
                ps.setBytes(6, digest);
                ps.setTimestamp(7, java.sql.Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            String stored;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT digest, kind, readings, received_at FROM received_message WHERE rig_id = ? AND node_id = ? AND seq = ?")) {
                ps.setString(1, rig);
                ps.setString(2, node);
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (Arrays.equals(rs.getBytes(1), digest)) {
                        return Outcome.duplicate();
                    }
                    stored = rs.getString(2) + " with " + rs.getInt(3) + " readings, received " + rs.getTimestamp(4).toInstant();
                }
            }
            // what differs, for whoever reads the reject: a node that reused its seqs, or a broker that mixed payloads up
            String reason = "seq " + seq + " of " + rig + "/" + node + " is already stored with different content (stored: " + stored
                    + "; this: " + kind.wireName() + " with " + readings + " readings)";
            insertReject(c, m, reason, "seq", now);
            return Outcome.rejected(reason);
        }

        private void seen(String rig, String node) throws SQLException {
            if (seenNodes.add(rig + "\u0000" + node)) {
                FleetLedger.seen(c, rig, node, now);
            }
        }

        private int channelId(String rig, String node, String mnemonic) throws SQLException {
            String key = rig + "\u0000" + node + "\u0000" + mnemonic;
            Integer id = channelIds.get(key);
            if (id == null) {
                id = newChannelIds.get(key);
            }
            if (id == null) {
                id = FleetLedger.channelId(c, rig, node, mnemonic);
                newChannelIds.put(key, id);
            }
            return id;
        }

        /** Called once per run of readings on the same UTC day ({@code epochDay}), not per reading. */
        private void ensurePartition(long epochDay) throws SQLException {
            LocalDate day = LocalDate.ofEpochDay(epochDay);
            if (!partitions.contains(day) && newPartitions.add(day)) {
                HistoryWriter.ensurePartition(c, day);
            }
        }

        /** Sends the rows collected from every message of the group: COPY, rollups, then latest values and seqs. */
        void flush() throws SQLException {
            history.flush(c);
            FleetLedger.latest(c, latest);
            FleetLedger.progress(c, lastSeq, backlog);
        }
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
}
