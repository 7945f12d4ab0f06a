package io.derrick.edge.buffer;

import io.derrick.edge.config.BufferConfig;
import io.derrick.protocol.Event;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import io.derrick.protocol.Topic;
import io.derrick.protocol.TopicKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteBufferTest {
    private static final long T0 = Instant.parse("2026-11-22T06:00:00Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3_600_000), ZoneOffset.UTC);
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    private SqliteBuffer open(long maxReadings) {
        return new SqliteBuffer("rig-01", "edge-01", new BufferConfig(dir.resolve("buffer.db"), maxReadings, 24, BufferConfig.Synchronous.FULL), CLOCK);
    }

    private static List<Reading> poll(int from, int count) {
        List<Reading> readings = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            readings.add(new Reading("CTR", T0 + i * 1000L, i, Quality.GOOD));
        }
        return readings;
    }

    private ReadingBatch decode(SqliteBuffer buffer, OutboxEntry entry) throws Exception {
        return (ReadingBatch) codec.decode(Topic.of("rig-01", "edge-01", TopicKind.DATA), buffer.payload(entry, true));
    }

    @Test
    void sealedBatchesKeepTheirSeqAndContentAcrossARestart() throws Exception {
        ReadingBatch before;
        try (SqliteBuffer buffer = open(10_000)) {
            buffer.append(poll(0, 10));
            assertThat(buffer.seal(4)).isEqualTo(3);
            before = decode(buffer, buffer.pending(0, 10).getFirst());
            assertThat(before.backlogReadings()).as("the batch says what waits besides itself").isEqualTo(6);
            buffer.append(poll(10, 5));
        }
        try (SqliteBuffer reopened = open(10_000)) {
            List<OutboxEntry> pending = reopened.pending(0, 10);
            assertThat(pending).extracting(OutboxEntry::seq).containsExactly(1L, 2L, 3L);
            ReadingBatch again = decode(reopened, pending.getFirst());
            assertThat(again.withBacklog(ReadingBatch.UNKNOWN)).as("same seq, same readings").isEqualTo(before.withBacklog(ReadingBatch.UNKNOWN));
            assertThat(again.backlogReadings()).as("the five unsealed readings are not waiting yet").isEqualTo(6);
            assertThat(reopened.storedReadings()).isEqualTo(15);
            reopened.seal(100);
            assertThat(reopened.pending(0, 10)).extracting(OutboxEntry::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(decode(reopened, reopened.pending(4, 1).getFirst()).series().getFirst().values()).containsExactly(10, 11, 12, 13, 14);
        }
    }

    @Test
    void onlyAnAcknowledgedBatchIsForgottenAndSeqNeverRepeats() {
        try (SqliteBuffer buffer = open(10_000)) {
            buffer.append(poll(0, 6));
            buffer.seal(3);
            OutboxEntry first = buffer.pending(0, 1).getFirst();
            buffer.acknowledge(first);
            buffer.acknowledge(first);          // a second PUBACK for the same batch changes nothing
            assertThat(buffer.storedReadings()).isEqualTo(3);
            assertThat(buffer.pending(0, 10)).extracting(OutboxEntry::seq).containsExactly(2L);
            buffer.acknowledge(buffer.pending(0, 1).getFirst());
            assertThat(buffer.storedReadings()).isZero();
        }
        try (SqliteBuffer reopened = open(10_000)) {
            // ids and seqs only grow, even after the buffer was emptied
            reopened.append(poll(6, 2));
            reopened.seal(10);
            OutboxEntry next = reopened.pending(0, 1).getFirst();
            assertThat(next.seq()).isEqualTo(3);
            assertThat(next.firstId()).isGreaterThan(6);
        }
    }

    @Test
    void overCapacityTheOldestGoFirstAndTheLossIsCountedAndReported() throws Exception {
        try (SqliteBuffer buffer = open(1000)) {
            for (int i = 0; i < 15; i++) {
                buffer.append(poll(i * 100, 100));
                buffer.seal(100);
            }
            assertThat(buffer.storedReadings()).isLessThanOrEqualTo(1000);
            assertThat(buffer.droppedTotal()).isEqualTo(500);
            List<OutboxEntry> pending = buffer.pending(0, 100);
            OutboxEntry oldestData = pending.stream().filter(e -> e.kind() == OutboxEntry.Kind.DATA).findFirst().orElseThrow();
            assertThat(decode(buffer, oldestData).series().getFirst().values()[0]).as("the newest data stays").isEqualTo(500);
            List<Event> losses = new ArrayList<>();
            for (OutboxEntry e : pending) {
                if (e.kind() == OutboxEntry.Kind.EVENT) {
                    losses.add((Event) codec.decode(Topic.of("rig-01", "edge-01", TopicKind.EVENT), buffer.payload(e, false)));
                }
            }
            assertThat(losses).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo(Event.Type.DATA_LOSS));
            assertThat(losses.stream().mapToDouble(e -> e.figures().get("droppedReadings")).sum()).isEqualTo(500);
        }
        try (SqliteBuffer reopened = open(1000)) {
            assertThat(reopened.droppedTotal()).as("the count survives a restart").isEqualTo(500);
        }
    }

    @Test
    void readingsOlderThanTheAgeLimitAreDroppedAndCounted() {
        try (SqliteBuffer buffer = new SqliteBuffer("rig-01", "edge-01",
                new BufferConfig(dir.resolve("age.db"), 1_000_000, 1, BufferConfig.Synchronous.NORMAL),
                Clock.fixed(Instant.ofEpochMilli(T0 + 2 * 3_600_000), ZoneOffset.UTC))) {
            buffer.append(poll(0, 10));                     // two hours old
            buffer.append(List.of(new Reading("CTR", T0 + 2 * 3_600_000 - 1000, 99, Quality.GOOD)));
            assertThat(buffer.droppedTotal()).isEqualTo(10);
            assertThat(buffer.storedReadings()).isEqualTo(1);
        }
    }

    @Test
    void staleReadingsKeepTheirQualityAndNoValue() throws Exception {
        try (SqliteBuffer buffer = open(10_000)) {
            buffer.append(List.of(new Reading("SPPA", T0, Double.NaN, Quality.STALE), new Reading("HKLD", T0, 812.5, Quality.GOOD)));
            buffer.seal(10);
            ReadingBatch batch = decode(buffer, buffer.pending(0, 1).getFirst());
            assertThat(batch.series()).hasSize(2);
            assertThat(batch.series().getFirst().quality()).containsExactly(Quality.STALE);
            assertThat(batch.series().getFirst().values()[0]).isNaN();
        }
    }

    @Test
    void eventsShareTheNodesSequence() throws Exception {
        try (SqliteBuffer buffer = open(10_000)) {
            buffer.append(poll(0, 2));
            buffer.seal(10);
            buffer.appendEvent(new Event("rig-01", "edge-01", 0, Instant.ofEpochMilli(T0), Event.Type.DEVICE_DOWN, Event.Severity.WARNING,
                    List.of("HKLD"), Double.NaN, "adam stopped answering", Map.of(), null));
            OutboxEntry event = buffer.pending(0, 10).get(1);
            assertThat(event.kind()).isEqualTo(OutboxEntry.Kind.EVENT);
            assertThat(((Event) codec.decode(Topic.of("rig-01", "edge-01", TopicKind.EVENT), buffer.payload(event, false))).seq()).isEqualTo(2);
        }
    }

    @Test
    void eventsCanBeAskedForBeforeTheDataAroundThem() throws Exception {
        try (SqliteBuffer buffer = open(10_000)) {
            buffer.append(poll(0, 2));
            buffer.seal(1);
            buffer.appendEvent(new Event("rig-01", "edge-01", 0, Instant.ofEpochMilli(T0), Event.Type.DEVICE_DOWN, Event.Severity.WARNING,
                    List.of("CTR"), Double.NaN, "down", Map.of(), null));
            buffer.append(poll(2, 2));
            buffer.seal(1);
            assertThat(buffer.pending(OutboxEntry.Kind.EVENT, 0, 10)).extracting(OutboxEntry::seq).containsExactly(3L);
            assertThat(buffer.pending(OutboxEntry.Kind.DATA, 0, 10)).extracting(OutboxEntry::seq).containsExactly(1L, 2L, 4L, 5L);
            assertThat(buffer.pending(OutboxEntry.Kind.DATA, 3, 1)).extracting(OutboxEntry::seq).containsExactly(4L);
        }
    }

    /**
     * An upgrade must not reinterpret what an older agent buffered: {@code buffer-0.1.0.sqlite} was written by Derrick 0.1.0
     * (schema version 0, quality stored as Quality.ordinal()): seq 1 sealed with a GOOD, a STALE and a BAD reading, seq 2 an
     * alarm's event, three readings not sealed yet, and the alarm active.
     */
    @Test
    void aBufferWrittenByTheFirstReleaseIsMigratedWithItsQualitiesSeqsAndAlarms() throws Exception {
        Path file = dir.resolve("buffer.db");
        try (var in = SqliteBufferTest.class.getResourceAsStream("/buffer/buffer-0.1.0.sqlite")) {
            java.nio.file.Files.copy(in, file);
        }
        try (SqliteBuffer buffer = open(10_000)) {
            assertThat(buffer.nextSeq()).isEqualTo(3);
            assertThat(buffer.storedReadings()).isEqualTo(6);
            assertThat(buffer.pending(0, 10)).extracting(OutboxEntry::seq, OutboxEntry::kind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, OutboxEntry.Kind.DATA), org.assertj.core.groups.Tuple.tuple(2L, OutboxEntry.Kind.EVENT));
            ReadingBatch sealed = decode(buffer, buffer.pending(0, 1).getFirst());
            assertThat(qualities(sealed)).containsExactly(Map.entry("HKLD", "G"), Map.entry("SPPA", "S"), Map.entry("WOB", "B"));
            assertThat(sealed.series().getFirst().values()).containsExactly(1200.5);
            Event event = (Event) codec.decode(Topic.of("rig-01", "edge-01", TopicKind.EVENT), buffer.payload(buffer.pending(2, 1).getFirst(), false));
            assertThat(event.alarm()).isEqualTo("rule.SPPA.stale");
            assertThat(buffer.activeAlarms()).singleElement().asString().contains("rule.SPPA.stale");

            assertThat(buffer.seal(100)).isEqualTo(1);
            ReadingBatch rest = decode(buffer, buffer.pending(3, 1).getFirst());
            assertThat(rest.seq()).isEqualTo(3);
            assertThat(qualities(rest)).containsExactly(Map.entry("HKLD", "G"), Map.entry("SPPA", "S"), Map.entry("WOB", "G"));
            buffer.pending(0, 10).forEach(buffer::acknowledge);
            assertThat(buffer.storedReadings()).isZero();
        }
        try (SqliteBuffer reopened = open(10_000)) {
            // the ids keep growing past the migrated ones, so nothing new hides behind the sealed cursor
            reopened.append(poll(0, 3));
            assertThat(reopened.seal(100)).isEqualTo(1);
            assertThat(decode(reopened, reopened.pending(0, 1).getFirst()).readingCount()).isEqualTo(3);
            assertThat(reopened.nextSeq()).isEqualTo(5);
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(SqliteBuffer.SCHEMA_VERSION);
        }
    }

    @Test
    void aBufferOfANewerAgentIsRefusedNotMisread() throws Exception {
        open(10).close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("buffer.db"))) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(10)).isInstanceOf(BufferException.class)
                .hasMessageContaining("newer agent (schema version 99");
    }

    private static java.util.List<Map.Entry<String, String>> qualities(ReadingBatch batch) {
        return batch.series().stream().map(s -> Map.entry(s.channel(), String.valueOf(s.quality()[s.size() - 1].code()))).toList();
    }
}
