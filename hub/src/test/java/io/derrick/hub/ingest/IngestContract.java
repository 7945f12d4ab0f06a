package io.derrick.hub.ingest;

import io.derrick.edge.EdgeAgent;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.hub.testing.HubProcess;
import io.derrick.hub.testing.InProcessHub;
import io.derrick.hub.testing.TestHub;
import io.derrick.hub.testing.Publisher;
import io.derrick.hub.testing.TestDatabase;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edge agent → broker → hub (its own JVM) → PostgreSQL, run against each broker the hub supports.
 * A counting Modbus device makes "every reading stored exactly once" an exact check: the stored values
 * of CTR must be 1..N, each once, whatever happened to the hub and the broker in between.
 */
abstract class IngestContract {
    @TempDir
    Path dir;
    TestDatabase db;
    TestHub hub;
    private CountingDevice counter;
    private EdgeAgent agent;

    abstract String brokerUrl();

    /** shared or exclusive: how the hub subscribes on this broker. */
    abstract String subscription();

    abstract void startBroker() throws Exception;

    abstract void restartBroker() throws Exception;

    abstract void stopBroker() throws Exception;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        startBroker();
    }

    /** The hub in its own JVM, for the test that kills it. */
    private HubProcess hubProcess() throws Exception {
        HubProcess process = HubProcess.start(db, brokerUrl(), subscription(), dir.resolve("hub"), "hub-under-test");
        hub = process;
        return process;
    }

    /** The hub in this JVM (seconds faster to start), on the contract's broker, for the tests that do not kill it. */
    private void hubInProcess() {
        hub = new InProcessHub(db, dir.resolve("hub"), null, java.util.Map.of("broker.url", brokerUrl(),
                "broker.clientId", "hub-under-test", "broker.subscription", subscription()));
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (counter != null) {
            counter.close();
        }
        if (hub != null) {
            hub.close();
        }
        stopBroker();
        db.close();
    }

    long storedCounterValues() throws Exception {
        return db.count("SELECT count(*) FROM reading r JOIN channel c ON c.id = r.channel_id WHERE c.mnemonic = 'CTR'");
    }

    @Test
    void everyReadingIsStoredOnceAcrossAHubKillAndABrokerRestart() throws Exception {
        hubProcess();
        counter = new CountingDevice();
        agent = new EdgeAgent(AgentYaml.of("rig-07", "edge-01")
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 50)
                .broker(brokerUrl()).publish("batchMs: 200\n  healthLogS: 60").load(dir.resolve("agent")), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedCounterValues() >= 20);

        ((HubProcess) hub).kill9();                    // mid-ingest: received, maybe uncommitted, surely unacknowledged
        Thread.sleep(1500);                            // the agent keeps publishing; the broker queues for the hub's session
        hubProcess();
        long afterRestart = storedCounterValues();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedCounterValues() > afterRestart + 20);

        restartBroker();
        long afterBroker = storedCounterValues();
        await().atMost(Duration.ofSeconds(60)).until(() -> storedCounterValues() > afterBroker + 20);

        counter.unplug();
        long polled = counter.count();
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.buffer().storedReadings() == 0 && agent.buffer().pendingEntries() == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> storedCounterValues() >= polled);

        List<Long> values = db.query("""
                SELECT r.value FROM reading r JOIN channel c ON c.id = r.channel_id
                WHERE c.mnemonic = 'CTR' AND r.quality = 'G' ORDER BY r.at""").stream()
                .map(row -> ((Number) row.getFirst()).longValue()).toList();
        assertThat(values).as("every polled value stored once, in time order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, polled).boxed().toList());
        assertThat(db.count("SELECT sum(n) FROM rollup_1m ru JOIN channel c ON c.id = ru.channel_id WHERE c.mnemonic = 'CTR'"))
                .as("the minute rollups count each reading once, replays included").isEqualTo(polled);
        assertThat(db.count("SELECT sum(sum)::bigint FROM rollup_1h ru JOIN channel c ON c.id = ru.channel_id WHERE c.mnemonic = 'CTR'"))
                .as("the hour rollups sum each reading once").isEqualTo(polled * (polled + 1) / 2);
        // this rig's messages only: a test before this one on the same broker may see its garbage redelivered here, as
        // QoS 1 allows when its hub stopped between storing the refusal and acknowledging it
        assertThat(db.count("SELECT count(*) FROM rejected_message WHERE topic LIKE 'derrick/v1/rig-07/%'")).as("rejected: %s", db.query(
                "SELECT topic, reason, field, length(payload) FROM rejected_message")).isZero();
        assertThat(db.query("SELECT state, agent_version FROM node WHERE rig_id = 'rig-07'"))
                .containsExactly(List.of("ONLINE", "0.1.0"));
        assertThat(db.count("SELECT count(*) FROM channel WHERE rig_id = 'rig-07' AND mnemonic = 'CTR' AND unit IS NOT NULL"))
                .as("the birth registered the channel with its unit").isOne();
    }

    @Test
    void duplicateAndOutOfOrderBatchesChangeNothing() throws Exception {
        hubInProcess();
        long t0 = System.currentTimeMillis() - 60_000;
        try (Publisher edge = new Publisher(brokerUrl(), "fake-edge")) {
            for (long seq : new long[] {3, 1, 2, 1, 3, 2, 3}) {
                edge.publish(batch(seq, t0));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(db.count("SELECT count(*) FROM received_message")).as("distinct batches stored; the hub's health: %s",
                        hub.health()).isEqualTo(3);
                assertThat(hubCounter("derrick_ingest_duplicates")).as("replays counted by the hub").isGreaterThanOrEqualTo(4);
            });
            assertThat(db.count("SELECT count(*) FROM reading")).isEqualTo(3 * 10);
            assertThat(db.count("SELECT sum(n) FROM rollup_1m")).isEqualTo(3 * 10);

            // a replay sent with another backlog figure is the same batch: a duplicate, and the node's backlog is the newest
            edge.publish(batch(2, t0).withBacklog(4_321));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT backlog_readings FROM node WHERE rig_id = 'rig-09'") == 4_321);
            assertThat(db.count("SELECT count(*) FROM rejected_message")).as("no conflict").isZero();
            assertThat(db.count("SELECT count(*) FROM reading")).isEqualTo(3 * 10);

            // the same seq with other content is a conflict: rejected and kept, nothing stored changes
            ReadingBatch other = new ReadingBatch("rig-09", "edge-01", 2, List.of(series("HKLD", t0 + 999_000, 10)));
            edge.publish(other);
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM rejected_message") == 1);
            List<Object> reject = db.query("SELECT reason, field FROM rejected_message").getFirst();
            assertThat((String) reject.get(0)).startsWith("seq 2 of rig-09/edge-01 is already stored with different content (stored: data with 10 readings, received ")
                    .endsWith("; this: data with 10 readings)");
            assertThat(reject.get(1)).isEqualTo("seq");
            assertThat(db.count("SELECT count(*) FROM reading")).isEqualTo(3 * 10);
            assertThat(db.count("SELECT last_seq FROM node WHERE rig_id = 'rig-09'")).isEqualTo(3);
        }
    }

    @Test
    void malformedMessagesAreRejectedKeptAndHarmNothing() throws Exception {
        hubInProcess();
        long t0 = System.currentTimeMillis() - 60_000;
        try (Publisher edge = new Publisher(brokerUrl(), "fake-edge")) {
            edge.publish(batch(1, t0));
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading") == 10);

            String data = "derrick/v1/rig-09/edge-01/data";
            edge.publishRaw(data, "not json at all".getBytes(StandardCharsets.UTF_8), false);
            edge.publishRaw(data, "{\"v\":1,\"rig\":\"rig-09\",\"node\":\"edge-01\",\"seq\":2}".getBytes(StandardCharsets.UTF_8), false);
            edge.publishRaw(data, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}, false);
            edge.publishRaw("derrick/v1/rig-08/edge-01/data", new io.derrick.protocol.MessageCodec().encode(batch(5, t0), false), false);
            edge.publishRaw("derrick/v1/rig-09/edge-01/gossip", "{}".getBytes(StandardCharsets.UTF_8), false);
            edge.publish(new ReadingBatch("rig-09", "edge-01", 3, List.of(series("HKLD", 1_000, 3))));   // clock never set
            edge.publish(batch(4, t0 + 10_000));                                                          // and a good one after

            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM reading") == 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM rejected_message") == 5);
            List<String> reasons = db.query("SELECT reason FROM rejected_message ORDER BY id").stream()
                    .map(r -> (String) r.getFirst()).toList();
            assertThat(reasons).hasSize(5).allSatisfy(r -> assertThat(r).isNotBlank());
            assertThat(reasons.get(3)).contains("rig");
            assertThat(reasons.get(4)).contains("implausible");
            assertThat(db.count("SELECT count(*) FROM rejected_message WHERE octet_length(payload) > 0"))
                    .as("payloads are kept as received").isEqualTo(5);
            assertThat(db.count("SELECT count(*) FROM received_message")).isEqualTo(2);
        }
    }

    /** Ten readings of HKLD 1..10 at one per second from {@code t0} + seq minutes. */
    static ReadingBatch batch(long seq, long t0) {
        return new ReadingBatch("rig-09", "edge-01", seq, List.of(series("HKLD", t0 + seq * 60_000, 10)));
    }

    static ChannelSeries series(String channel, long start, int n) {
        long[] t = LongStream.range(0, n).map(i -> start + i * 1000).toArray();
        double[] v = LongStream.rangeClosed(1, n).asDoubleStream().toArray();
        Quality[] q = new Quality[n];
        Arrays.fill(q, Quality.GOOD);
        return new ChannelSeries(channel, t, v, q);
    }

    private io.derrick.hub.testing.HubClient metricsReader;

    long hubCounter(String name) throws Exception {
        if (metricsReader == null) {
            metricsReader = hub.admin();
        }
        String body = metricsReader.getText("/observe/metrics").body();
        return body.lines().filter(l -> l.startsWith(name)).mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
