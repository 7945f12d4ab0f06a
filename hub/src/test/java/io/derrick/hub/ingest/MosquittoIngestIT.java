package io.derrick.hub.ingest;

import io.derrick.edge.testing.Mosquitto;

/**
 * The ingest contract against Debian's Mosquitto (persistence on, as deploy/ configures it), with an
 * exclusive subscription: Mosquitto 2.0 does not restore shared subscriptions from its persistence file,
 * so across a broker restart a shared subscriber loses what is published before it re-subscribes
 * (this test failed that way with {@code shared}).
 */
class MosquittoIngestIT extends IngestContract {
    private Mosquitto broker;

    @Override
    String subscription() {
        return "exclusive";
    }

    @Override
    String brokerUrl() {
        return broker.url();
    }

    @Override
    void startBroker() throws Exception {
        broker = Mosquitto.start(dir.resolve("mosquitto"));
    }

    @Override
    void restartBroker() throws Exception {
        broker.stop();
        Thread.sleep(1000);
        broker.start();
    }

    @Override
    void stopBroker() throws Exception {
        broker.close();
        java.nio.file.Path kept = java.nio.file.Path.of("target/hub-logs/mosquitto-" + System.nanoTime() + ".log");
        java.nio.file.Files.createDirectories(kept.getParent());
        java.nio.file.Files.copy(dir.resolve("mosquitto/mosquitto.log"), kept);
    }
}
