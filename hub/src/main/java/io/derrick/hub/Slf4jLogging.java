package io.derrick.hub;

import io.helidon.logging.common.spi.LoggingProvider;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The hub logs through SLF4J and logback; Helidon, Paho and the JDK log through java.util.logging, which this bridges
 * to SLF4J. Registered as Helidon's logging provider (META-INF/services), so that Helidon finds one and sets up
 * nothing of its own, and called by the entry points before anything logs.
 */
public final class Slf4jLogging implements LoggingProvider {
    /** Routes java.util.logging to SLF4J, once per JVM. */
    public static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    @Override
    public void initialization() {
        install();
    }

    @Override
    public void runTime() {
        install();
    }
}
