package io.derrick.edge.buffer;

import io.derrick.edge.config.BufferConfig;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Event;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The store-and-forward buffer: every reading is committed here before anything else happens to it.
 *
 * <p>SQLite in WAL mode. Readings get ids that only grow (AUTOINCREMENT, never reused). Sealing cuts the
 * unsealed readings into an outbox entry with the node's next sequence number, in one transaction with
 * the cursor, so a batch's seq and content never change, across crashes too. An entry is deleted only
 * when the broker acknowledged it. Past the capacity or age limit the oldest data entries are dropped,
 * the count kept in {@code meta.dropped_total} and reported as a DATA_LOSS event.
 *
 * <p>The file outlives agent versions, so its schema has a version ({@code PRAGMA user_version}, {@link #SCHEMA_VERSION})
 * and migrations from every earlier one, run in one transaction when the buffer opens. A reading's quality is stored as
 * its wire code ('G', 'S', 'B'), never as the enum's position, so a new quality cannot reinterpret buffered readings.
 */
public final class SqliteBuffer implements ReadingSink, AlarmJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteBuffer.class);
    /** 0: Derrick 0.1.0 (quality as the enum's ordinal); 1: quality as its code, outbox index by kind. */
    public static final int SCHEMA_VERSION = 1;

    private final Connection db;
    private final String rig;
    private final String node;
    private final BufferConfig config;
    private final MessageCodec codec = new MessageCodec();
    private final Clock clock;
    private final Map<String, Long> channelIds = new HashMap<>();
    private final Map<Long, String> channelNames = new HashMap<>();
    private final PreparedStatement insertReading;
    private long nextSeq;
    private long sealedUpTo;
    private long droppedTotal;
    private long storedReadings;
    private long unsealedReadings;
    /** Time of the oldest reading held (MAX_VALUE when empty); refreshed only when readings are deleted. */
    private long oldestTimeMs;

    public SqliteBuffer(String rig, String node, BufferConfig config, Clock clock) {
        this.rig = rig;
        this.node = node;
        this.config = config;
        this.clock = clock;
        try {
            Path parent = config.path().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            db = DriverManager.getConnection("jdbc:sqlite:" + config.path());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + config.synchronous().name());
                s.execute("PRAGMA busy_timeout=5000");
            }
            db.setAutoCommit(false);
            BufferSchema.migrate(db, config.path());
            nextSeq = meta("next_seq");
            sealedUpTo = meta("sealed_up_to");
            droppedTotal = meta("dropped_total");
            storedReadings = scalar("SELECT COUNT(*) FROM reading");
            unsealedReadings = scalar("SELECT COUNT(*) FROM reading WHERE id > " + sealedUpTo);
            try (ResultSet rs = db.createStatement().executeQuery("SELECT id, name FROM channel")) {
                while (rs.next()) {
                    channelIds.put(rs.getString(2), rs.getLong(1));
                    channelNames.put(rs.getLong(1), rs.getString(2));
                }
            }
            insertReading = db.prepareStatement("INSERT INTO reading(ch, t, v, q) VALUES (?, ?, ?, ?)");
            oldestTimeMs = queryOldestTime();
            db.commit();
        } catch (SQLException | java.io.IOException e) {
            throw new BufferException("cannot open the buffer at " + config.path() + ": " + e.getMessage(), e);
        }
        log.info("buffer {} open: {} readings held, {} batches waiting, next seq {}, {} readings dropped so far, synchronous={}",
                config.path(), storedReadings, pendingEntries(), nextSeq, droppedTotal, config.synchronous());
    }

    // ------------------------------------------------------------------ writes from the poller

    @Override
    public synchronized void append(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        try {
            for (Reading r : readings) {
                insertReading.setLong(1, channelId(r.channel()));
                insertReading.setLong(2, r.timeMs());
                if (Double.isNaN(r.value())) {
                    insertReading.setNull(3, java.sql.Types.REAL);
                } else {
                    insertReading.setDouble(3, r.value());
                }
                insertReading.setString(4, String.valueOf(r.quality().code()));
                insertReading.addBatch();
            }
            insertReading.executeBatch();
            db.commit();
            if (storedReadings == 0) {
                oldestTimeMs = readings.getFirst().timeMs();
            }
            storedReadings += readings.size();
            unsealedReadings += readings.size();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot store " + readings.size() + " readings: " + e.getMessage(), e);
        }
        enforceLimits();
    }

    @Override
    public synchronized void appendEvent(Event event) {
        appendAlarmEvent(event, null);
    }

    /**
     * Stores an alarm's event and, in the same transaction, the alarm's row among the active alarms:
     * {@code activeAlarm} is its JSON while the alarm is active, null once it cleared. After a crash the
     * agent restores exactly the alarms whose events it stored.
     */
    @Override
    public synchronized void appendAlarmEvent(Event event, String activeAlarm) {
        try {
            long seq = takeSeq();
            byte[] payload = codec.encode(event.withSeq(seq));
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO outbox(seq, kind, first_id, last_id, readings, last_t, payload) VALUES (?, 'EVENT', 0, 0, 0, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setLong(2, event.at().toEpochMilli());
                ps.setBytes(3, payload);
                ps.executeUpdate();
            }
            if (event.alarm() != null) {
                try (PreparedStatement ps = db.prepareStatement(activeAlarm == null ? "DELETE FROM active_alarm WHERE key = ?"
                        : "INSERT INTO active_alarm(key, alarm) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET alarm = excluded.alarm")) {
                    ps.setString(1, event.alarm());
                    if (activeAlarm != null) {
                        ps.setString(2, activeAlarm);
                    }
                    ps.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            nextSeq = metaOrKeep("next_seq", nextSeq);
            throw new BufferException("cannot store event " + event.type() + ": " + e.getMessage(), e);
        }
    }

    /** The active alarms' JSON as stored by {@link #appendAlarmEvent}. */
    @Override
    public synchronized List<String> activeAlarms() {
        List<String> alarms = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT alarm FROM active_alarm ORDER BY key")) {
            while (rs.next()) {
                alarms.add(rs.getString(1));
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read the active alarms: " + e.getMessage(), e);
        }
        return alarms;
    }

    // ------------------------------------------------------------------ the publisher's side

    /**
     * Seals the oldest unsealed readings, up to {@code maxReadings} per entry, into outbox entries.
     * @return the number of entries sealed
     */
    public synchronized int seal(int maxReadings) {
        int sealed = 0;
        try {
            while (unsealedReadings > 0) {
                long first;
                long last;
                long lastT;
                int count;
                try (PreparedStatement ps = db.prepareStatement(
                        "SELECT MIN(id), MAX(id), COUNT(*), MAX(t) FROM (SELECT id, t FROM reading WHERE id > ? ORDER BY id LIMIT ?)")) {
                    ps.setLong(1, sealedUpTo);
                    ps.setInt(2, maxReadings);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        count = rs.getInt(3);
                        if (count == 0) {
                            unsealedReadings = 0;
                            break;
                        }
                        first = rs.getLong(1);
                        last = rs.getLong(2);
                        lastT = rs.getLong(4);
                    }
                }
                long seq = takeSeq();
                try (PreparedStatement ps = db.prepareStatement("INSERT INTO outbox(seq, kind, first_id, last_id, readings, last_t) VALUES (?, 'DATA', ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setLong(2, first);
                    ps.setLong(3, last);
                    ps.setInt(4, count);
                    ps.setLong(5, lastT);
                    ps.executeUpdate();
                }
                setMeta("sealed_up_to", last);
                db.commit();
                sealedUpTo = last;
                unsealedReadings -= count;
                sealed++;
            }
        } catch (SQLException e) {
            rollback();
            nextSeq = metaOrKeep("next_seq", nextSeq);
            throw new BufferException("cannot seal a batch: " + e.getMessage(), e);
        }
        return sealed;
    }

    /** Waiting entries of every kind in seq order: at most {@code limit} from {@code fromSeq} on. */
    public synchronized List<OutboxEntry> pending(long fromSeq, int limit) {
        return pending(null, fromSeq, limit);
    }

    /** Waiting entries of one kind (every kind when null) in seq order: at most {@code limit} from {@code fromSeq} on. */
    public synchronized List<OutboxEntry> pending(OutboxEntry.Kind kind, long fromSeq, int limit) {
        List<OutboxEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, kind, first_id, last_id, readings, last_t FROM outbox "
                + "WHERE seq >= ? AND (? IS NULL OR kind = ?) ORDER BY seq LIMIT ?")) {
            ps.setLong(1, fromSeq);
            ps.setString(2, kind == null ? null : kind.name());
            ps.setString(3, kind == null ? null : kind.name());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getLong(1), OutboxEntry.Kind.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getLong(4), rs.getInt(5), rs.getLong(6)));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot list waiting batches: " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * The wire payload of an entry: the same readings and seq every time it is asked for. A data batch also carries the
     * backlog: the readings sealed and waiting for the broker besides its own (0 when the uplink keeps up, the outage's
     * readings while it replays), which the hub does not count as content.
     */
    public synchronized byte[] payload(OutboxEntry entry, boolean compress) {
        try {
            if (entry.kind() == OutboxEntry.Kind.EVENT) {
                try (PreparedStatement ps = db.prepareStatement("SELECT payload FROM outbox WHERE seq = ?")) {
                    ps.setLong(1, entry.seq());
                    try (ResultSet rs = ps.executeQuery()) {
                        byte[] payload = rs.next() ? rs.getBytes(1) : null;
                        db.commit();
                        return payload;
                    }
                }
            }
            ReadingBatch batch = batch(entry);
            db.commit();
            long waiting = Math.max(0, storedReadings - unsealedReadings - entry.readings());
            return codec.encode(batch.withBacklog(waiting), compress);
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read batch " + entry.seq() + ": " + e.getMessage(), e);
        }
    }

    private ReadingBatch batch(OutboxEntry entry) throws SQLException {
        Map<Long, SeriesBuilder> byChannel = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT ch, t, v, q FROM reading WHERE id BETWEEN ? AND ? ORDER BY id")) {
            ps.setLong(1, entry.firstId());
            ps.setLong(2, entry.lastId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(3);
                    if (rs.wasNull()) {
                        v = Double.NaN;
                    }
                    byChannel.computeIfAbsent(rs.getLong(1), k -> new SeriesBuilder()).add(rs.getLong(2), v, quality(rs.getString(4)));
                }
            }
        }
        List<ChannelSeries> series = new ArrayList<>(byChannel.size());
        byChannel.forEach((ch, b) -> series.add(b.build(channelNames.get(ch))));
        return new ReadingBatch(rig, node, entry.seq(), series);
    }

    /** The broker has the entry (PUBACK): forget it and its readings. Idempotent. */
    public synchronized void acknowledge(OutboxEntry entry) {
        try {
            int removed;
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
                ps.setLong(1, entry.seq());
                removed = ps.executeUpdate();
            }
            if (removed == 1 && entry.kind() == OutboxEntry.Kind.DATA) {
                try (PreparedStatement ps = db.prepareStatement("DELETE FROM reading WHERE id BETWEEN ? AND ?")) {
                    ps.setLong(1, entry.firstId());
                    ps.setLong(2, entry.lastId());
                    storedReadings -= ps.executeUpdate();
                }
                oldestTimeMs = queryOldestTime();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot forget acknowledged batch " + entry.seq() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ limits

    /** Drops the oldest data past the capacity or age limit, counts it, and reports it as an event. */
    private void enforceLimits() {
        long cutoff = clock.millis() - config.maxAgeHours() * 3_600_000L;
        if (storedReadings <= config.maxReadings() && oldestTimeMs >= cutoff) {
            return;
        }
        long dropped = 0;
        try {
            if (unsealedReadings > 0) {
                seal(Math.max(1000, (int) Math.min(100_000, config.maxReadings() / 20)));
            }
            while (storedReadings > config.maxReadings() || oldestTimeMs < cutoff) {
                OutboxEntry oldest;
                try (ResultSet rs = db.createStatement().executeQuery(
                        "SELECT seq, first_id, last_id, readings, last_t FROM outbox WHERE kind = 'DATA' ORDER BY seq LIMIT 1")) {
                    if (!rs.next()) {
                        break;
                    }
                    oldest = new OutboxEntry(rs.getLong(1), OutboxEntry.Kind.DATA, rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5));
                }
                if (storedReadings <= config.maxReadings() && oldest.lastTimeMs() >= cutoff) {
                    break;
                }
                try (PreparedStatement ps = db.prepareStatement("DELETE FROM reading WHERE id BETWEEN ? AND ?")) {
                    ps.setLong(1, oldest.firstId());
                    ps.setLong(2, oldest.lastId());
                    int n = ps.executeUpdate();
                    storedReadings -= n;
                    dropped += n;
                }
                db.createStatement().executeUpdate("DELETE FROM outbox WHERE seq = " + oldest.seq());
                oldestTimeMs = queryOldestTime();
            }
            if (dropped > 0) {
                droppedTotal += dropped;
                setMeta("dropped_total", droppedTotal);
            }
            oldestTimeMs = queryOldestTime();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot enforce the buffer limits: " + e.getMessage(), e);
        }
        if (dropped > 0) {
            log.warn("buffer full or too old: dropped the oldest {} readings ({} in total); limits {} readings, {} h",
                    dropped, droppedTotal, config.maxReadings(), config.maxAgeHours());
            appendEvent(new Event(rig, node, 0, Instant.ofEpochMilli(clock.millis()), Event.Type.DATA_LOSS, Event.Severity.WARNING, List.of(), Double.NaN,
                    "edge buffer dropped the oldest " + dropped + " readings (limit " + config.maxReadings() + " readings, "
                            + config.maxAgeHours() + " h); " + droppedTotal + " dropped in total",
                    Map.of("droppedReadings", (double) dropped, "droppedTotal", (double) droppedTotal), null));
        }
    }

    /** Readings are appended in time order per poll, so the lowest id is (close to) the oldest. */
    private long queryOldestTime() throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT t FROM reading ORDER BY id LIMIT 1")) {
            return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------ figures

    public synchronized long nextSeq() {
        return nextSeq;
    }

    public synchronized long storedReadings() {
        return storedReadings;
    }

    public synchronized long droppedTotal() {
        return droppedTotal;
    }

    public synchronized long pendingEntries() {
        try {
            long n = scalar("SELECT COUNT(*) FROM outbox");
            db.commit();
            return n;
        } catch (SQLException e) {
            throw new BufferException("cannot count waiting batches: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return config.path();
    }

    @Override
    public synchronized void close() {
        try {
            insertReading.close();
            db.close();
        } catch (SQLException e) {
            log.warn("closing the buffer: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Quality quality(String code) throws SQLException {
        Quality q = code == null || code.length() != 1 ? null : Quality.fromCode(code.charAt(0));
        if (q == null) {
            throw new SQLException("a buffered reading has the unknown quality code '" + code + "'");
        }
        return q;
    }

    private long takeSeq() throws SQLException {
        long seq = nextSeq;
        setMeta("next_seq", seq + 1);
        nextSeq = seq + 1;
        return seq;
    }

    private long channelId(String name) throws SQLException {
        Long id = channelIds.get(name);
        if (id != null) {
            return id;
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO channel(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        channelIds.put(name, id);
        channelNames.put(id, name);
        return id;
    }

    private long meta(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private long metaOrKeep(String key, long fallback) {
        try {
            long v = meta(key);
            db.commit();
            return v;
        } catch (SQLException e) {
            return fallback;
        }
    }

    private void setMeta(String key, long value) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE meta SET value = ? WHERE key = ?")) {
            ps.setLong(1, value);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    private long scalar(String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Undoes the open transaction, and forgets channel ids it may have created. */
    private void rollback() {
        try {
            db.rollback();
            channelIds.clear();
            channelNames.clear();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT id, name FROM channel")) {
                while (rs.next()) {
                    channelIds.put(rs.getString(2), rs.getLong(1));
                    channelNames.put(rs.getLong(1), rs.getString(2));
                }
            }
            db.commit();
        } catch (SQLException e) {
            log.error("buffer rollback failed: {}", e.getMessage());
        }
    }

    /** Collects one channel's readings of a batch, column-wise. */
    private static final class SeriesBuilder {
        private long[] times = new long[16];
        private double[] values = new double[16];
        private Quality[] quality = new Quality[16];
        private int size;

        void add(long t, double v, Quality q) {
            if (size == times.length) {
                times = java.util.Arrays.copyOf(times, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
                quality = java.util.Arrays.copyOf(quality, size * 2);
            }
            times[size] = t;
            values[size] = v;
            quality[size] = q;
            size++;
        }

        ChannelSeries build(String channel) {
            return new ChannelSeries(channel, java.util.Arrays.copyOf(times, size), java.util.Arrays.copyOf(values, size),
                    java.util.Arrays.copyOf(quality, size));
        }
    }
}
