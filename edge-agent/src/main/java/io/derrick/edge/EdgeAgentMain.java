package io.derrick.edge;

import io.derrick.edge.config.AgentConfig;
import io.derrick.edge.config.ConfigLoader;
import io.derrick.hardware.registers.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java io.derrick.edge.EdgeAgentMain --config /etc/derrick/agent.yaml} */
public final class EdgeAgentMain {
    private EdgeAgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: derrick-edge-agent --config PATH/agent.yaml");
            System.exit(2);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();               // Paho logs through java.util.logging
        AgentConfig config;
        try {
            config = ConfigLoader.load(Path.of(args[1]));
        } catch (ConfigException e) {
            System.err.println("derrick-edge-agent: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        EdgeAgent agent = new EdgeAgent(config, Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
