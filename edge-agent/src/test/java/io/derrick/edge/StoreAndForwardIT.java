package io.derrick.edge;

import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.CountingDevice;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.protocol.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poll -> SQLite -> Debian's Mosquitto -> subscriber, with a device that counts its reads: the values that
 * arrive must be exactly 1..N, each once, in time order, whatever happened to the broker in between.
 */
class StoreAndForwardIT {
    @TempDir
    Path dir;
    private Mosquitto broker;
    private CountingDevice counter;
    private RecordingSubscriber hub;
    private EdgeAgent agent;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start(dir.resolve("broker"));
        counter = new CountingDevice();
        hub = new RecordingSubscriber(broker.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        hub.close();
        counter.close();
        broker.close();
    }

    private void startAgent() throws Exception {
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01")
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 100)
                .broker(broker.url()).load(dir.resolve("agent")), Clock.systemUTC()).start();
    }

    /** Stops the device, lets the agent drain, and checks the subscriber got every reading exactly once. */
    private void assertEveryReadingArrivedOnce() {
        counter.unplug();
        long polled = counter.count();
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.buffer().storedReadings() == 0 && agent.buffer().pendingEntries() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.goodValues("CTR").size() >= polled);
        List<Long> received = hub.goodValues("CTR");
        assertThat(received).as("every polled value, once, in time order").containsExactlyElementsOf(LongStream.rangeClosed(1, polled).boxed().toList());
        assertThat(hub.conflicts()).as("no seq was reused for other data").isZero();
        long maxSeq = hub.seqs("edge-01").last();
        assertThat(hub.seqs("edge-01")).as("seqs of data and events leave no gap").containsExactlyElementsOf(LongStream.rangeClosed(1, maxSeq).boxed().toList());
        assertThat(hub.rejects()).isEmpty();
    }

    @Test
    void everyReadingArrivesExactlyOnceInValueOrder() throws Exception {
        startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("CTR").size() >= 30);
        assertEveryReadingArrivedOnce();
        assertThat(hub.births()).isNotEmpty().allSatisfy(b -> assertThat(b.channels()).extracting(c -> c.mnemonic()).containsExactly("CTR"));
        assertThat(hub.states()).extracting(NodeState::state).contains(NodeState.State.ONLINE);
        assertThat(agent.health().bytesPerReading()).isPositive();
    }

    @Test
    void brokerOutageLosesNothingAndTheBacklogReplaysAfterReconnect() throws Exception {
        startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("CTR").size() >= 10);
        broker.stop();
        long buffered = agent.buffer().storedReadings();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.buffer().storedReadings() >= buffered + 40);
        assertThat(agent.health().broker()).isNotEqualTo("connected");
        broker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.publisher().connected());
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("CTR").size() >= counter.count() - 5);
        assertEveryReadingArrivedOnce();
        assertThat(hub.births()).as("a birth on each connect").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRestartedAgentContinuesTheSequenceFromItsBuffer() throws Exception {
        startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("CTR").size() >= 10);
        agent.close();
        long seqAfterFirstRun = hub.seqs("edge-01").last();
        agent = null;
        startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.goodValues("CTR").size() >= counter.count() - 2 && counter.count() > 30);
        assertThat(hub.births().getLast().nextSeq()).isGreaterThan(seqAfterFirstRun);
        assertEveryReadingArrivedOnce();
    }

    /**
     * Events go before the backlog: an alarm raised early in a long outage reaches the hub (and the maintenance email)
     * right after the reconnect, not after every reading buffered since. The outage here is 150 batches long, with room for 4 in flight.
     */
    @Test
    void anAlarmRaisedEarlyInALongOutageArrivesBeforeTheBacklogsReadings() throws Exception {
        broker.stop();
        agent = new EdgeAgent(AgentYaml.of("rig-01", "edge-01")
                .device("counter", counter.port(), CountingDevice.writeMap(dir).toString(), 50)
                .broker(broker.url()).publish("batchMs: 50\n  maxInFlight: 4\n  healthLogS: 5")
                .with("""
                        detection:
                          evaluateMs: 100
                          staleS: 0
                          rules:
                            - {type: high, channel: CTR, limit: 5, forS: 0, severity: critical}
                        """).load(dir.resolve("agent")), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.alarms().anyActive());
        long raisedSeq = agent.buffer().pending(io.derrick.edge.buffer.OutboxEntry.Kind.EVENT, 0, 10).getFirst().seq();
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.buffer().pendingEntries() >= 60);  // a backlog many times the in-flight window
        broker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.events().stream().anyMatch(e -> e.seq() == raisedSeq));
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.seqs("edge-01").size() > 60);

        List<io.derrick.protocol.Message> arrived = hub.arrivals().stream()
                .filter(m -> m instanceof io.derrick.protocol.ReadingBatch || m instanceof io.derrick.protocol.Event).toList();
        int event = indexOf(arrived, m -> m instanceof io.derrick.protocol.Event e && e.seq() == raisedSeq);
        int firstBacklogBatch = indexOf(arrived, m -> m instanceof io.derrick.protocol.ReadingBatch b && b.seq() < raisedSeq);
        assertThat(raisedSeq).as("the alarm was raised after some readings were sealed").isGreaterThan(1);
        assertThat(event).as("the raise is among the first messages after the reconnect").isLessThan(4);
        assertThat(event).as("and before the readings buffered before it").isLessThan(firstBacklogBatch);
        assertEveryReadingArrivedOnce();
    }

    private static int indexOf(List<io.derrick.protocol.Message> messages, java.util.function.Predicate<io.derrick.protocol.Message> which) {
        for (int i = 0; i < messages.size(); i++) {
            if (which.test(messages.get(i))) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
