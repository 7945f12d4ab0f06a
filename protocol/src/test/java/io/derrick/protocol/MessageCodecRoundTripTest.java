package io.derrick.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.util.ArrayList;
import java.util.List;

import static io.derrick.protocol.Messages.topic;
import static org.assertj.core.api.Assertions.assertThat;

class MessageCodecRoundTripTest {
    private final MessageCodec codec = new MessageCodec();

    @Property(tries = 300)
    void anyBatchSurvivesTheWire(@ForAll("batches") ReadingBatch batch, @ForAll boolean gzip) throws Exception {
        byte[] bytes = codec.encode(batch, gzip);
        assertThat(codec.decode(batch.topic(), bytes)).isEqualTo(batch);
    }

    @Example
    void everyOtherMessageSurvivesTheWire() throws Exception {
        for (Message m : List.of(Messages.birth(), Messages.event(), Messages.alarmEvent(), Messages.command(),
                new NodeState("rig-01", "edge-01", NodeState.State.OFFLINE))) {
            assertThat(codec.decode(m.topic(), codec.encode(m))).isEqualTo(m);
            assertThat(codec.decode(m.topic(), codec.encode(m, true))).isEqualTo(m);
        }
    }

    @Example
    void aBatchCarriesTheBacklogItWasSentWith() throws Exception {
        ReadingBatch batch = Messages.batch(3, Messages.series("HKLD", 5_000, 1, 2)).withBacklog(86_400);
        assertThat(new String(codec.encode(batch))).contains("\"backlog\":86400");
        assertThat(((ReadingBatch) codec.decode(batch.topic(), codec.encode(batch))).backlogReadings()).isEqualTo(86_400);
    }

    @Example
    void everyInstantTravelsInMilliseconds() throws Exception {
        java.time.Instant nanos = java.time.Instant.parse("2026-11-22T06:00:00.123456789Z");
        Event e = new Event("rig-01", "edge-01", 1, nanos, Event.Type.DEVICE_DOWN, Event.Severity.WARNING, List.of(), Double.NaN,
                "down", java.util.Map.of(), null);
        assertThat(new String(codec.encode(e))).contains("\"at\":\"2026-11-22T06:00:00.123Z\"");
        Birth b = new Birth("rig-01", "edge-01", "1", "h", nanos, 1, 0, 0, List.of());
        assertThat(new String(codec.encode(b))).contains("\"bootTime\":\"2026-11-22T06:00:00.123Z\"");
    }

    @Example
    void anEncoderNeverWritesTextADecoderRefuses() throws Exception {
        Event e = new Event("rig-01", "edge-01", 1, Messages.T, Event.Type.DEVICE_DOWN, Event.Severity.WARNING, List.of(), Double.NaN,
                "j2mod: Connection refused\n\tat java.net.Socket " + "x".repeat(2_000), java.util.Map.of(), null);
        Event decoded = (Event) codec.decode(e.topic(), codec.encode(e));
        assertThat(decoded.reason()).hasSize(FreeText.REASON).startsWith("j2mod: Connection refused  at java.net.Socket").endsWith("…");
    }

    @Example
    void staleReadingsTravelWithoutAValue() throws Exception {
        ReadingBatch batch = Messages.batch(1, Messages.series("SPPA", 1_000, 1.5, Double.NaN, 2.5));
        String json = new String(codec.encode(batch));
        assertThat(json).contains("\"val\":[1.5,null,2.5]").contains("\"q\":\"GSG\"");
        assertThat(codec.decode(topic(TopicKind.DATA), codec.encode(batch))).isEqualTo(batch);
    }

    @Example
    void allGoodSeriesCarryNoQualityString() {
        String json = new String(codec.encode(Messages.batch(1, Messages.series("HKLD", 5_000, 1, 2, 3))));
        assertThat(json).doesNotContain("\"q\"").contains("\"dt\":[0,1000,1000]");
    }

    @Provide
    Arbitrary<ReadingBatch> batches() {
        Arbitrary<String> channels = Arbitraries.of("HKLD", "WOB", "RPM", "TQA", "SPPA", "MFIA", "MFOA", "TVA", "BDEP", "DEPT");
        Arbitrary<ChannelSeries> series = Combinators.combine(
                channels,
                Arbitraries.longs().between(1_600_000_000_000L, 1_900_000_000_000L),
                Arbitraries.longs().between(-5_000, 60_000).list().ofMaxSize(50),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).list().ofMaxSize(50),
                Arbitraries.of(Quality.class).list().ofMaxSize(50)
        ).as((ch, start, steps, values, qualities) -> {
            int n = Math.min(steps.size(), Math.min(values.size(), qualities.size()));
            long[] t = new long[n];
            double[] v = new double[n];
            Quality[] q = new Quality[n];
            long time = start;
            for (int i = 0; i < n; i++) {
                time += steps.get(i);
                t[i] = time;
                q[i] = qualities.get(i);
                v[i] = q[i] != Quality.GOOD && i % 2 == 0 ? Double.NaN : values.get(i);
            }
            return new ChannelSeries(ch, t, v, q);
        });
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), series.list().ofMaxSize(6).uniqueElements(ChannelSeries::channel))
                .as((seq, list) -> new ReadingBatch("rig-01", "edge-01", seq, new ArrayList<>(list), seq % 3 == 0 ? ReadingBatch.UNKNOWN : seq % 1000));
    }
}
