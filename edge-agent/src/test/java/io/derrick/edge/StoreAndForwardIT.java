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
}
