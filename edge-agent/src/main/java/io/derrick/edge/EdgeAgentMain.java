package io.derrick.edge;

import io.derrick.edge.config.AgentConfig;
import io.derrick.edge.config.ConfigLoader;
import io.derrick.hardware.registers.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code bin/derrick-agent --config /etc/derrick/agent.yaml} (the class: {@code io.derrick.edge.EdgeAgentMain}) */
public final class EdgeAgentMain {
    private EdgeAgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: derrick-agent --config PATH/agent.yaml   (conf/agent.example.yaml shows every setting)");
            System.exit(2);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();               // Paho logs through java.util.logging
        AgentConfig config;
        try {
            config = ConfigLoader.load(Path.of(args[1]));
        } catch (ConfigException e) {
            System.err.println("derrick-agent: invalid configuration: " + e.getMessage());
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
