package io.derrick.hub.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MQTT 5 broker the hub brings along when no external one is configured: HiveMQ Community Edition
 * in embedded mode, listening on loopback (or a given address), persisting sessions under {@code dataDir}.
 * Production points the hub and the agents at a real broker (Mosquitto, EMQX, HiveMQ) instead.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final String bindAddress;
    private final int port;
    private final Path dataDir;
    private final int tlsPort;

    /** How long a start may take before the hub gives up on it with the reason (HiveMQ starts in a few seconds). */
    static final java.time.Duration START_TIMEOUT = java.time.Duration.ofMinutes(2);

    /**
     * Where sessions and queued messages live: {@code FILE} under the data directory, surviving a restart (a hub);
     * {@code IN_MEMORY} for a broker that lives once (tests that start hundreds of hubs: the file stores take
     * about 1 GB of disk each, sized from the machine's memory, and seconds to open).
     */
    public enum Persistence {
        FILE, IN_MEMORY
    }

    /**
     * A TLS listener for the rigs: MQTT over TLS on {@code port} with the server certificate and key of a PKCS#12 (or JKS)
     * {@code keystore}. The plain listener stays for the hub's own ingest (bind it to loopback).
     */
    public record Tls(int port, Path keystore, String password) {
        public boolean enabled() {
            return port > 0;
        }
    }

    /** An open broker: anyone may connect and publish anywhere (tests of the ingest; never a deployment). */
    public EmbeddedBroker(Path dataDir, String bindAddress, int port) {
        this(dataDir, bindAddress, port, null, null, Persistence.FILE);
    }

    /**
     * A broker whose clients authenticate through {@code authentication} (per-node credentials and topics; null: open),
     * with a TLS listener when {@code tls} is given.
     */
    public EmbeddedBroker(Path dataDir, String bindAddress, int port, BrokerAuthentication authentication, Tls tls,
                          Persistence persistence) {
        this.dataDir = dataDir;
        this.bindAddress = bindAddress;
        this.port = port;
        try {
            Path conf = Files.createDirectories(dataDir.resolve("conf"));
            Path data = Files.createDirectories(dataDir.resolve("data"));
            Path extensions = Files.createDirectories(dataDir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners>
                            <tcp-listener>
                                <port>%d</port>
                                <bind-address>%s</bind-address>
                            </tcp-listener>%s
                        </listeners>
                        <mqtt>
                            <queued-messages>
                                <max-queue-size>1000000</max-queue-size>
                            </queued-messages>
                        </mqtt>
                        <persistence>
                            <mode>%s</mode>
                        </persistence>
                        <anonymous-usage-statistics>
                            <enabled>false</enabled>
                        </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port, bindAddress, tls == null || !tls.enabled() ? "" : """

                                <tls-tcp-listener>
                                    <port>%d</port>
                                    <bind-address>0.0.0.0</bind-address>
                                    <tls>
                                        <keystore>
                                            <path>%s</path>
                                            <password>%s</password>
                                            <private-key-password>%s</private-key-password>
                                        </keystore>
                                    </tls>
                                </tls-tcp-listener>""".formatted(tls.port(), xml(tls.keystore().toAbsolutePath().toString()),
                            xml(tls.password()), xml(tls.password())), persistence == Persistence.IN_MEMORY ? "in-memory" : "file"));
            this.tlsPort = tls == null || !tls.enabled() ? 0 : tls.port();
            var builder = EmbeddedHiveMQ.builder().withoutLoggingBootstrap().withConfigurationFolder(conf).withDataFolder(data)
                    .withExtensionsFolder(extensions);
            if (authentication != null) {
                builder.withEmbeddedExtension(com.hivemq.embedded.EmbeddedExtension.builder()
                        .withId("derrick-authentication").withName("Derrick node credentials").withVersion("1").withAuthor("Derrick")
                        .withPriority(1000).withStartPriority(1000).withExtensionMain(authentication).build());
            }
            hivemq = builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker under " + dataDir, e);
        }
    }

    /**
     * Starts the broker; a broker that cannot start, or has not started within {@link #START_TIMEOUT} (a full disk, a
     * data directory another process holds), is closed again and the cause named.
     */
    public EmbeddedBroker start() {
        try {
            hivemq.start().get(START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            return this;
        } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause()
                    : e instanceof java.util.concurrent.TimeoutException
                    ? new java.util.concurrent.TimeoutException("no start within " + START_TIMEOUT.toSeconds() + " s") : e;
            try {
                hivemq.close();
            } catch (Exception closing) {
                cause.addSuppressed(closing);
            }
            throw new IllegalStateException("the embedded MQTT broker did not start on " + bindAddress + ":" + port + ": "
                    + cause.getMessage() + " (is another hub using " + dataDir + "?)", cause);
        }
    }

    public String url() {
        return "tcp://" + ("0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress) + ":" + port;
    }

    /** The TLS listener's address for the rigs, or null without one. */
    public String tlsUrl() {
        return tlsPort == 0 ? null : "ssl://127.0.0.1:" + tlsPort;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public void stop() {
        hivemq.stop().join();
    }

    @Override
    public void close() throws Exception {
        hivemq.close();
    }
}
