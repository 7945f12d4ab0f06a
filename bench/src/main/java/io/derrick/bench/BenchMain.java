package io.derrick.bench;

import io.derrick.edge.buffer.OutboxEntry;
import io.derrick.edge.buffer.Reading;
import io.derrick.edge.buffer.SqliteBuffer;
import io.derrick.edge.config.BrokerConfig;
import io.derrick.edge.config.BufferConfig;
import io.derrick.edge.config.PublishConfig;
import io.derrick.edge.EdgeAgent;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.edge.publish.MqttPublisher;
import io.derrick.edge.testing.AgentProcess;
import io.derrick.edge.testing.AgentYaml;
import io.derrick.edge.testing.FreePort;
import io.derrick.edge.testing.Mosquitto;
import io.derrick.edge.testing.RecordingSubscriber;
import io.derrick.hardware.simulator.DrillingModel;
import io.derrick.hardware.simulator.Simulator;
import io.derrick.protocol.Birth;
import io.derrick.protocol.Quality;
import io.derrick.protocol.Topic;
import io.derrick.protocol.TopicKind;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Derrick's edge benchmarks. Every figure is printed next to a baseline measured in the same run on the
 * same machine: raw batched SQLite inserts, raw Paho QoS 1 publishing of the same payloads. Nothing here
 * asserts a time; read the numbers.
 */
public final class BenchMain {
    private static final int CHANNELS = 23;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("derrick-bench");
        System.out.println("Derrick benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version() + ")");
        System.out.println();
        // ./derrick bench plan: the planner (its engine, then over HTTP); ./derrick bench reports: the hub's history and
        // reports sections (the others take minutes)
        String only = List.of(args).contains("plan") ? "plan" : List.of(args).contains("reports") ? "reports"
                : List.of(args).contains("rul") ? "rul" : List.of(args).contains("kpi") ? "kpi" : null;
        if (only == null || only.equals("rul")) {
            RulBench.run(Path.of(System.getProperty("derrick.home", ".")));
            if (only != null) {
                return;
            }
        }
        if (only == null || only.equals("plan")) {
            PlanBench.run();
        }
        if (only == null) {
            sqlite(dir);
        }
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"))) {
            if (only == null) {
                drain(dir, broker, true);
                drain(dir, broker, false);
                live(dir, broker);
                rss(dir, broker);
            }
            HubBench.run(dir, broker, only);
        }
    }

    // ------------------------------------------------------------------ 1. buffer insert rate

    private static void sqlite(Path dir) throws Exception {
        System.out.println("1. SQLite buffer: appends of one poll (23 readings) per transaction, WAL");
        for (BufferConfig.Synchronous sync : BufferConfig.Synchronous.values()) {
            int polls = sync == BufferConfig.Synchronous.FULL ? 1500 : 5000;
            List<List<Reading>> work = polls(polls);
            Path file = dir.resolve("buffer-" + sync + ".db");
            double derrick;
            try (SqliteBuffer buffer = new SqliteBuffer("rig-01", "edge-01", new BufferConfig(file, 50_000_000, 720, sync), Clock.systemUTC())) {
                long start = System.nanoTime();
                for (List<Reading> poll : work) {
                    buffer.append(poll);
                }
                derrick = rate(polls * CHANNELS, start);
            }
            double raw = rawInserts(dir.resolve("raw-" + sync + ".db"), work, sync);
            System.out.printf("   synchronous=%-6s Derrick buffer %,10.0f readings/s   raw batched INSERT %,10.0f readings/s   ratio %.2f%n",
                    sync, derrick, raw, derrick / raw);
        }
        System.out.println();
    }

    private static double rawInserts(Path file, List<List<Reading>> work, BufferConfig.Synchronous sync) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + sync);
                s.execute("CREATE TABLE reading(id INTEGER PRIMARY KEY AUTOINCREMENT, ch INTEGER NOT NULL, t INTEGER NOT NULL, v REAL, q INTEGER NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading(ch, t, v, q) VALUES (?, ?, ?, ?)")) {
                long start = System.nanoTime();
                for (List<Reading> poll : work) {
                    int ch = 0;
                    for (Reading r : poll) {
                        ps.setInt(1, ch++);
                        ps.setLong(2, r.timeMs());
                        ps.setDouble(3, r.value());
                        ps.setInt(4, 0);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
                return rate(work.size() * CHANNELS, start);
            }
        }
    }

    /** Realistic readings: the drilling model's channels sampled at 1 Hz. */
    private static List<List<Reading>> polls(int count) {
        DrillingModel model = new DrillingModel(11, DrillingModel.Scenario.DRILLING, 2500, List.of());
        List<List<Reading>> polls = new ArrayList<>(count);
        long t = System.currentTimeMillis() - count * 1000L;
        for (int i = 0; i < count; i++) {
            model.step(1.0);
            List<Reading> poll = new ArrayList<>(CHANNELS);
            for (Map.Entry<String, Double> v : new java.util.TreeMap<>(model.channels()).entrySet()) {
                poll.add(new Reading(v.getKey(), t + i * 1000L, Math.round(v.getValue() * 100) / 100.0, Quality.GOOD));
            }
            polls.add(poll.subList(0, CHANNELS));
        }
        return polls;
    }

    // ------------------------------------------------------------------ 2. backlog drain vs raw broker

    private static void drain(Path dir, Mosquitto broker, boolean compress) throws Exception {
        int polls = 8000;                      // 8000 s of a rig at 1 Hz: 184,000 readings
        Path file = dir.resolve("drain-" + compress + ".db");
        AgentMetrics metrics = new AgentMetrics();
        PublishConfig publish = new PublishConfig(1000, 23 * 60, 8, compress, 60);
        List<byte[]> payloads = new ArrayList<>();
        try (SqliteBuffer buffer = new SqliteBuffer("rig-01", "edge-01", new BufferConfig(file, 50_000_000, 720, BufferConfig.Synchronous.NORMAL), Clock.systemUTC())) {
            for (List<Reading> poll : polls(polls)) {
                buffer.append(poll);
            }
            buffer.seal(publish.maxBatchReadings());
            long readings = buffer.storedReadings();
            for (OutboxEntry e : buffer.pending(0, Integer.MAX_VALUE)) {
                payloads.add(buffer.payload(e, compress));
            }
            BrokerConfig brokerConfig = new BrokerConfig(broker.url(), null, null, null, 30, 10, 1000);
            long start = System.nanoTime();
            try (MqttPublisher publisher = new MqttPublisher("rig-01", "edge-01", brokerConfig, publish, buffer,
                    () -> new Birth("rig-01", "edge-01", EdgeAgent.VERSION, "bench", Instant.now(), 1, 0, 0, List.of()), command -> { }, metrics).start()) {
                while (buffer.pendingEntries() > 0) {
                    Thread.sleep(5);
                }
            }
            double derrick = rate(readings, start);
            double raw = rawPublish(broker, payloads) * readings / payloads.size();
            long bytes = payloads.stream().mapToLong(p -> p.length).sum();
            System.out.printf("2. Backlog drain (seal -> encode -> publish QoS 1 -> PUBACK -> delete), %,d readings in %d batches, gzip %s%n",
                    readings, payloads.size(), compress ? "on" : "off");
            System.out.printf("   Derrick %,10.0f readings/s   raw Paho QoS 1 of the same payloads, same window %,10.0f readings/s   ratio %.2f%n",
                    derrick, raw, derrick / raw);
            System.out.printf("   wire: %.2f bytes/reading (%,d bytes for %,d readings of %d channels, 1-minute batches)%n%n",
                    (double) bytes / readings, bytes, readings, CHANNELS);
        }
    }

    static double rawPublish(Mosquitto broker, List<byte[]> payloads) throws Exception {
        String topic = Topic.of("rig-01", "raw", TopicKind.DATA).path();
        return publishQos1(broker, payloads.stream().map(p -> topic).toList(), payloads, 8);
    }

    /** Publishes payload i on topic i, QoS 1, with at most {@code window} unacknowledged; returns payloads per second. */
    static double publishQos1(Mosquitto broker, List<String> topics, List<byte[]> payloads, int window) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), "bench-publisher-" + System.nanoTime(), new MemoryPersistence());
        client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        Semaphore inFlight = new Semaphore(window);
        long start = System.nanoTime();
        for (int i = 0; i < payloads.size(); i++) {
            inFlight.acquire();
            client.publish(topics.get(i), payloads.get(i), 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(window);
        double perSecond = rate(payloads.size(), start);
        client.disconnect().waitForCompletion(5000);
        client.close();
        return perSecond;
    }

    // ------------------------------------------------------------------ 3. live end to end

    private static void live(Path dir, Mosquitto broker) throws Exception {
        int rigs = 3;
        try (Simulator simulator = new Simulator(new Simulator.Settings(rigs, "rig-", InetAddress.getLoopbackAddress(), FreePort.block(rigs * 10 + 5),
                1, 1, DrillingModel.Scenario.DRILLING, List.of())).start();
             RecordingSubscriber hub = new RecordingSubscriber(broker.url())) {
            List<EdgeAgent> agents = new ArrayList<>();
            for (int i = 0; i < rigs; i++) {
                agents.add(new EdgeAgent(AgentYaml.of(simulator.rig(i).rig(), "edge-01").simulatedRig(simulator.rig(i), 100)
                        .broker(broker.url()).publish("batchMs: 250\n  healthLogS: 3600").load(dir.resolve("live-" + i)), Clock.systemUTC()).start());
            }
            Thread.sleep(3000);
            int before = countReadings(hub);
            long start = System.nanoTime();
            Thread.sleep(15_000);
            int after = countReadings(hub);
            double perSecond = rate(after - before, start);
            agents.forEach(EdgeAgent::close);
            System.out.printf("3. Live: %d simulated rigs over Modbus TCP, 23 channels each polled every 100 ms, batches every 250 ms%n", rigs);
            System.out.printf("   %,.0f readings/s delivered to a subscriber (expected %,d/s from the poll rate)%n", perSecond, rigs * 23 * 10);
            System.out.println("   (the rate is set by the poll interval; section 2 shows the pipeline's headroom)");
            System.out.println();
        }
    }

    private static int countReadings(RecordingSubscriber hub) {
        return hub.batches().stream().mapToInt(b -> b.readingCount()).sum();
    }

    // ------------------------------------------------------------------ 4. agent memory

    private static void rss(Path dir, Mosquitto broker) throws Exception {
        try (Simulator simulator = new Simulator(new Simulator.Settings(1, "rig-", InetAddress.getLoopbackAddress(), FreePort.block(10),
                1, 1, DrillingModel.Scenario.DRILLING, List.of())).start()) {
            Path config = AgentYaml.of("rig-01", "edge-01").simulatedRig(simulator.rig(0), 200).broker(broker.url())
                    .write(dir.resolve("rss"));
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("rss/agent.log"))) {
                Thread.sleep(20_000);
                String status = Files.readString(Path.of("/proc/" + agent.pid() + "/status"));
                String rss = status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: unknown").replaceAll("\\s+", " ");
                System.out.println("4. Agent process (-Xmx128m, 3 devices, 23 channels at 200 ms, 20 s in): " + rss);
            }
        }
    }

    static double rate(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    static {
        // keep the benchmark output readable: one config of its own (the modules' logback.xml files, and HiveMQ's, would
        // each be found on the class path and reported), the pipeline logging only warnings
        System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
}
