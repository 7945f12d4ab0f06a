package io.derrick.hub.ingest;

import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.ProtocolException;
import io.derrick.protocol.Topic;
import io.derrick.protocol.TopicKind;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The hub's MQTT side of ingest. Data and events come through a shared subscription
 * ({@code $share/{group}/derrick/v1/+/+/data|event}), so several hubs split the load, or, with
 * {@code broker.subscription: exclusive}, a plain one (Mosquitto 2.0 does not restore shared subscriptions
 * when it restarts, so messages published before the hub re-subscribes would be lost); births and states
 * come through plain subscriptions, because every hub keeps the registry and MQTT 5 sends no retained
 * messages to shared subscriptions.
 *
 * <p>Acknowledgement is manual: a message is PUBACKed only after {@link IngestStore} committed it (or
 * committed its rejection). The session is persistent, so messages that arrive while the hub is down,
 * or that it received but never acknowledged, are delivered again, and the (node, seq) guard makes the
 * second delivery a no-op. An ack id belongs to one connection: after a reconnect the broker resends
 * what was unacknowledged, and acks for the old connection are dropped rather than sent on the new one.
 */
public final class MqttIngest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);

    /** {@code tls}: the socket factory for an ssl:// broker with its own CA ({@code broker.caFile}), or null. */
    public record Settings(String url, String clientId, String username, String password, javax.net.ssl.SSLSocketFactory tls,
                           boolean shared, String group, Duration sessionExpiry, int receiveMaximum, int maxGroup) {
    }

    private static final long RESUBSCRIBE_NANOS = 10_000_000_000L;

    private final Settings settings;
    private final IngestStore store;
    private final BiConsumer<Incoming, Outcome> afterCommit;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final AtomicLong generation = new AtomicLong();
    private final Counter stored;
    private final Counter readings;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter storeFailures;
    private volatile MqttAsyncClient client;
    private volatile boolean running;
    private volatile boolean connected;
    /** True once the broker granted every subscription on the current connection; data flows only then. */
    private volatile boolean subscribed;
    /** When the current connection last sent its SUBSCRIBE; 0 before the first (set by connectComplete). */
    private volatile long subscribeSentNanos;
    private Thread writer;
    private Thread connector;
    private final java.util.function.BiPredicate<String, String> registered;

    /**
     * {@code registered} says whether a topic's rig and node are a registered node; what arrives for another is rejected
     * (kept in rejected_message like a malformed payload). Null accepts every node.
     */
    public MqttIngest(Settings settings, IngestStore store, MeterRegistry metrics, java.util.function.BiPredicate<String, String> registered,
                      BiConsumer<Incoming, Outcome> afterCommit) {
        this.settings = settings;
        this.registered = registered;
        this.store = store;
        this.afterCommit = afterCommit;
        this.stored = metrics.getOrCreate(Counter.builder("derrick_ingest_messages_stored")
                .description("messages committed (data, event, birth, state)"));
        this.readings = metrics.getOrCreate(Counter.builder("derrick_ingest_readings_stored")
                .description("readings committed"));
        this.duplicates = metrics.getOrCreate(Counter.builder("derrick_ingest_duplicates")
                .description("replayed messages whose (node, seq) was already stored"));
        this.rejected = metrics.getOrCreate(Counter.builder("derrick_ingest_rejected")
                .description("malformed or conflicting messages kept in rejected_message"));
        this.storeFailures = metrics.getOrCreate(Counter.builder("derrick_ingest_store_failures")
                .description("group writes that failed on the database and were retried"));
        metrics.getOrCreate(Gauge.builder("derrick_ingest_queue", queue, BlockingQueue::size)
                .description("messages received and not yet committed"));
    }

    public MqttIngest start() {
        client = newClient();
        running = true;
        writer = Thread.ofPlatform().name("ingest-writer").start(this::writeLoop);
        connector = Thread.ofPlatform().name("ingest-connect").daemon().start(this::connectLoop);
        return this;
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
            c.setManualAcks(true);
            c.setCallback(new Callback());
            return c;
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker url " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connect that timed out can leave Paho's client connecting for good: every later connect is refused with
     * "connect already in progress" (32110), and the hub would never reconnect — seen after Mosquitto's reload under
     * load. The client is then closed and made again; the broker's session (clean start off) resends what was not
     * acknowledged, and acknowledgements of the old connection are dropped by their generation.
     */
    private void resetClient() {
        MqttAsyncClient old = client;
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException ignored) {
            // it may not be connected at all
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // closed enough: it is dropped
        }
        client = newClient();
    }

    public boolean isConnected() {
        return connected;
    }

    /** Connected and subscribed: what readiness means for the ingest. */
    public boolean isSubscribed() {
        return connected && subscribed;
    }

    /**
     * Waits until the subscriptions are granted. On a broker that has no session for the hub yet, data
     * published before that is not queued for the hub, so callers that start publishers wait here first. A broker
     * that refuses the connection (or is not there) ends the wait at once: {@link #connectFailure} says why.
     */
    public boolean awaitSubscribed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isSubscribed() && connectFailure().isEmpty() && System.nanoTime() < deadline) {
            sleep(50);
        }
        return isSubscribed();
    }

    /** Publishes to an edge node (a command), QoS 1, waiting for the broker's PUBACK; false when not connected. */
    public boolean publish(String topic, byte[] payload) {
        if (!connected || client == null) {
            return false;
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish(topic, message).waitForCompletion(10_000);
            return true;
        } catch (MqttException e) {
            log.warn("cannot publish to {}: {}", topic, e.getMessage());
            return false;
        }
    }

    public int queued() {
        return queue.size();
    }

    private volatile String lastFailure;

    /** Why the last connect failed, while not connected; empty once connected. */
    public java.util.Optional<String> connectFailure() {
        return connected ? java.util.Optional.empty() : java.util.Optional.ofNullable(lastFailure);
    }

    /**
     * Keeps the hub connected: connects, and reconnects with backoff whenever the connection is lost.
     * Ours rather than Paho's automatic reconnect, which was seen to stop retrying after a broker restart.
     */
    private void connectLoop() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(false);
        options.setReceiveMaximum(settings.receiveMaximum());
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (settings.username() != null && !settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password() == null ? new byte[0] : settings.password().getBytes(StandardCharsets.UTF_8));
        }
        if (settings.tls() != null) {
            options.setSocketFactory(settings.tls());
        }
        long backoffMs = 250;
        String lastFailure = null;
        while (running) {
            if (client.isConnected()) {
                backoffMs = 250;
                long sent = subscribeSentNanos;
                if (!subscribed && sent != 0 && System.nanoTime() - sent > RESUBSCRIBE_NANOS) {
                    log.warn("no subscription granted within {} s of connecting; subscribing again", RESUBSCRIBE_NANOS / 1_000_000_000L);
                    subscribe();
                }
                sleep(250);
                continue;
            }
            try {
                client.connect(options).waitForCompletion(15_000);
                lastFailure = null;
            } catch (MqttException e) {
                if (!running) {
                    return;
                }
                String failure = BrokerTls.describe(e, settings.username());
                if (!failure.equals(lastFailure)) {     // one line per cause, not one per retry
                    log.warn("cannot connect to the broker {} as {}: {}; retrying (every 10 s at most) while the hub serves history",
                            settings.url(), settings.clientId(), failure);
                }
                lastFailure = failure;
                this.lastFailure = failure;
                if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                        || e.getReasonCode() == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                    log.info("resetting the MQTT client after '{}'", failure);
                    resetClient();
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    /**
     * Asynchronous on purpose: it is called on Paho's callback thread, and a resumed session delivers its
     * queued messages before the SUBACK; waiting here would stall that thread and never see the SUBACK.
     */
    private void subscribe() {
        subscribeSentNanos = System.nanoTime();
        String shared = settings.shared() ? "$share/" + settings.group() + "/" : "";
        MqttSubscription[] subscriptions = {
                new MqttSubscription(shared + Topic.filterAll(TopicKind.DATA), 1),
                new MqttSubscription(shared + Topic.filterAll(TopicKind.EVENT), 1),
                new MqttSubscription(Topic.filterAll(TopicKind.BIRTH), 1),
                new MqttSubscription(Topic.filterAll(TopicKind.STATE), 1),
        };
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    boolean granted = codes != null && codes.length == subscriptions.length;
                    for (int i = 0; codes != null && i < codes.length && i < subscriptions.length; i++) {
                        if (codes[i] >= 0x80) {
                            granted = false;
                            log.error("the broker refused the subscription {} (reason code 0x{}): check the hub's ACL",
                                    subscriptions[i].getTopic(), Integer.toHexString(codes[i]));
                        }
                    }
                    subscribed = granted;
                    if (granted) {
                        log.info("ingest subscribed ({})", settings.shared() ? "shared, group " + settings.group() : "exclusive");
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    log.error("subscribing failed: {}", e.getMessage());
                }
            }, (MqttProperties) null);
        } catch (MqttException e) {
            log.error("subscribing failed: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            generation.incrementAndGet();
            subscribed = false;
            connected = true;
            log.info("ingest connected to {} as {} (connection {})", serverURI, settings.clientId(), generation.get());
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connected = false;
            subscribed = false;
            subscribeSentNanos = 0;
            Throwable e = response.getException();
            log.warn("ingest lost the broker: {} (reason code {}){}", response.getReasonString() != null ? response.getReasonString()
                    : e != null ? e.getMessage() : "disconnected", response.getReturnCode(),
                    e != null && e.getCause() != null ? "; cause: " + e.getCause() : "");
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            Message decoded = null;
            ProtocolException problem = null;
            try {
                Topic parsed = Topic.parse(topic);
                if (registered != null && !registered.test(parsed.rig(), parsed.node())) {
                    throw new ProtocolException("topic", "node " + parsed.rig() + "/" + parsed.node()
                            + " is not registered with this hub (an admin registers it: POST /api/admin/nodes)");
                }
                decoded = codec.decode(parsed, payload);
            } catch (ProtocolException e) {
                problem = e;
            }
            queue.add(new Incoming(topic, payload, decoded, problem, message.getId(), message.getQos(), generation.get()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private void writeLoop() {
        List<Incoming> group = new ArrayList<>(settings.maxGroup());
        long backoffMs = 200;
        int failures = 0;      // in a row: the first is logged, the others counted, the end said
        while (running || !queue.isEmpty()) {
            try {
                if (group.isEmpty()) {
                    Incoming first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    group.add(first);
                    queue.drainTo(group, settings.maxGroup() - 1);
                }
                List<Outcome> outcomes = store.store(group);
                for (int i = 0; i < group.size(); i++) {
                    account(group.get(i), outcomes.get(i));
                    ack(group.get(i));
                }
                if (failures > 0) {
                    log.info("ingest storing again after {} failed tries; what the broker held meanwhile follows", failures);
                    failures = 0;
                }
                group.clear();
                backoffMs = 200;
            } catch (TransientStoreException e) {
                storeFailures.increment();
                if (failures++ == 0) {
                    log.warn("{}; {} message(s) stay unacknowledged with the broker, retried every {} s at most", e.getMessage(),
                            group.size(), 10);
                } else {
                    log.debug("store retry {} failed: {}", failures, e.getMessage());
                }
                if (!running) {
                    return; // unacknowledged: the broker redelivers them to the next session
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 10_000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("ingest writer failed on a group of {}; retrying", group.size(), e);
                sleep(backoffMs);
            }
        }
    }

    private void account(Incoming m, Outcome outcome) {
        switch (outcome.kind()) {
            case STORED -> {
                stored.increment();
                readings.increment(outcome.readings());
            }
            case DUPLICATE -> duplicates.increment();
            case REJECTED -> {
                rejected.increment();
                log.warn("rejected a message on {}: {}", m.topic(), outcome.reason());
            }
            case IGNORED -> { }
        }
        if (outcome.kind() == Outcome.Kind.STORED) {
            try {
                afterCommit.accept(m, outcome);
            } catch (RuntimeException e) {
                log.warn("a live listener failed: {}", e.getMessage());
            }
        }
    }

    private void ack(Incoming m) {
        if (m.qos() == 0 || m.generation() != generation.get() || !connected) {
            return; // the broker resends it on the current connection
        }
        try {
            client.messageArrivedComplete(m.ackId(), m.qos());
        } catch (MqttException e) {
            log.debug("ack of {} failed: {}", m.ackId(), e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking messages, commits what was received, then disconnects; nothing unacknowledged is lost. */
    @Override
    public void close() {
        running = false;
        try {
            if (client != null && client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(10_000);
            }
        } catch (MqttException e) {
            log.debug("disconnect: {}", e.getMessage());
        }
        if (writer != null) {
            try {
                writer.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connector != null) {
            connector.interrupt();
        }
        try {
            if (client != null) {
                client.close(true);
            }
        } catch (MqttException e) {
            log.debug("close: {}", e.getMessage());
        }
    }
}
