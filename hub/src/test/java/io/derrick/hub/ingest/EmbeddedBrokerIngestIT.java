package io.derrick.hub.ingest;

import io.derrick.edge.testing.FreePort;
import io.derrick.hub.broker.EmbeddedBroker;

/** The ingest contract against the broker the hub embeds (HiveMQ CE), run here in the test's JVM. */
class EmbeddedBrokerIngestIT extends IngestContract {
    private EmbeddedBroker broker;
    private int port;

    @Override
    String subscription() {
        return "shared";
    }

    @Override
    String brokerUrl() {
        return broker.url();
    }

    @Override
    void startBroker() throws Exception {
        port = FreePort.one();
        broker = new EmbeddedBroker(dir.resolve("hivemq"), "127.0.0.1", port).start();
    }

    @Override
    void restartBroker() throws Exception {
        broker.close();
        Thread.sleep(1000);
        broker = new EmbeddedBroker(dir.resolve("hivemq"), "127.0.0.1", port).start();
    }

    @Override
    void stopBroker() throws Exception {
        broker.close();
    }
}
