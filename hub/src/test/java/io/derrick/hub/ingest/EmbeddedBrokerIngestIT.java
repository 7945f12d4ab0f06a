package io.derrick.hub.ingest;

import io.derrick.edge.testing.FreePort;
import io.derrick.hub.broker.EmbeddedBroker;

/**
 * The ingest contract against the broker the hub embeds (HiveMQ CE), run here in the test's JVM, subscribed as the
 * hub subscribes to it (exclusive: with a shared subscription HiveMQ CE sometimes held a burst back for 20 s and more).
 */
class EmbeddedBrokerIngestIT extends IngestContract {
    private EmbeddedBroker broker;
    private int port;
    /** outside the test's directory: the broker's last seconds after the test go on in the background (stopBroker) */
    private final java.nio.file.Path brokerDir = java.nio.file.Path.of("target/test-brokers", java.util.UUID.randomUUID().toString())
            .toAbsolutePath();

    @Override
    String subscription() {
        return "exclusive"; // as the hub subscribes to its embedded broker
    }

    @Override
    String brokerUrl() {
        return broker.url();
    }

    @Override
    void startBroker() throws Exception {
        port = FreePort.one();
        broker = new EmbeddedBroker(brokerDir, "127.0.0.1", port).start();
    }

    @Override
    void restartBroker() throws Exception {
        broker.close();
        Thread.sleep(1000);
        broker = new EmbeddedBroker(brokerDir, "127.0.0.1", port).start();
    }

    /** the brokers stopping in the background: the last one is waited for, so that no store is left behind */
    private static final java.util.List<Thread> STOPPING = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void brokersStopped() throws InterruptedException {
        for (Thread stopping : STOPPING) {
            stopping.join();
        }
    }

    @Override
    void stopBroker() {
        EmbeddedBroker stopping = broker;
        STOPPING.add(Thread.ofPlatform().name("test-broker-stop").daemon().start(() -> {
            try {
                stopping.close();
                io.derrick.hub.testing.TestFiles.deleteTree(brokerDir); // a file store: about 1 GB
            } catch (Exception e) {
                // a test broker that did not stop cleanly harms no later test: its port and files are its own
            }
        }));
    }
}
