package io.derrick.edge.publish;

import io.derrick.edge.buffer.OutboxEntry;
import io.derrick.edge.buffer.SqliteBuffer;
import io.derrick.edge.config.BrokerConfig;
import io.derrick.edge.config.PublishConfig;
import io.derrick.edge.health.AgentMetrics;
import io.derrick.protocol.Birth;
import io.derrick.protocol.Command;
import io.derrick.protocol.ProtocolException;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.NodeState;
import io.derrick.protocol.Topic;
import io.derrick.protocol.TopicKind;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import io.derrick.edge.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves sealed batches from the buffer to the broker, QoS 1, and deletes each only on a successful PUBACK.
 *
 * <p>On every connect it publishes the retained birth and ONLINE state (OFFLINE is the Last Will). Within a window of
 * at most {@code maxInFlight} unacknowledged entries, events go first, whenever they were raised: an alarm of the first
 * hour of a long outage must not wait behind its hours of readings (Kura's data service gives priorities the same
 * way). Then the batches sealed since the connect ("live"), so the hub's view stays current, and the backlog last,
 * oldest first. The hub takes events and batches in any order.
 * A lost connection returns every in-flight batch to the buffer's queue: it is resent with the same seq,
 * and the hub stores it once. Reconnects back off exponentially up to {@code maxBackoffMs}.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int FIRST_BACKOFF_MS = 500;

    private final String rig;
    private final String node;
    private final BrokerConfig broker;
    private final PublishConfig publish;
    private final SqliteBuffer buffer;
    private final Supplier<Birth> birth;
    private final AgentMetrics metrics;
    private final MessageCodec codec = new MessageCodec();
    /** seq -> connection generation it was sent on; a late callback from an older connection changes nothing. */
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private volatile long generation;
    private final Object wake = new Object();
    private final Thread thread;
    private final MqttAsyncClient client;
    private final Consumer<Command> commands;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile long pausedUntilMs;
    private long liveFrom;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long nextConnectAttemptMs;
    private String lastConnectError = "";

    /**
     * @param commands receives the hub's commands from the node's own {@code cmd} topic (acknowledge an
     *                 alarm...); called on Paho's thread, must not block
     */
    public MqttPublisher(String rig, String node, BrokerConfig broker, PublishConfig publish, SqliteBuffer buffer,
                         Supplier<Birth> birth, Consumer<Command> commands, AgentMetrics metrics) {
        this.rig = rig;
        this.node = node;
        this.broker = broker;
        this.publish = publish;
        this.buffer = buffer;
        this.birth = birth;
        this.commands = commands;
        this.metrics = metrics;
        try {
            this.client = new MqttAsyncClient(broker.url(), "derrick-" + rig + "-" + node, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker.url " + broker.url() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        this.thread = Workers.daemon("publish", this::run);
    }

    public MqttPublisher start() {
        thread.start();
        return this;
    }

    public boolean connected() {
        return connected;
    }

    private void run() {
        long nextSealMs = 0;
        while (running) {
            try {
                long now = System.currentTimeMillis();
                if (now >= nextSealMs) {
                    buffer.seal(publish.maxBatchReadings());
                    nextSealMs = now + publish.batchMs();
                }
                if (!connected && now >= nextConnectAttemptMs) {
                    connect();
                }
                if (connected && now >= pausedUntilMs) {
                    fillWindow();
                }
                synchronized (wake) {
                    long wait = Math.max(1, nextSealMs - System.currentTimeMillis());
                    if (!connected) {
                        wait = Math.min(wait, Math.max(1, nextConnectAttemptMs - System.currentTimeMillis()));
                    }
                    wake.wait(wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("publisher: {}", e.getMessage(), e);
                Workers.sleep(1000);
            }
        }
    }

    private void connect() {
        metrics.broker("connecting", lastConnectError);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);                 // the buffer, not the MQTT session, holds what is unacknowledged
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);        // reconnects are ours, with our backoff and birth
        options.setKeepAliveInterval(broker.keepAliveS());
        options.setConnectionTimeout(broker.connectTimeoutS());
        if (broker.username() != null) {
            options.setUserName(broker.username());
        }
        if (broker.password() != null) {
            options.setPassword(new String(broker.password()).getBytes(StandardCharsets.UTF_8));
        }
        MqttMessage will = new MqttMessage(codec.encode(new NodeState(rig, node, NodeState.State.OFFLINE)), 1, true, new MqttProperties());
        options.setWill(Topic.of(rig, node, TopicKind.STATE).path(), will);
        try {
            if (broker.caFile() != null) {
                options.setSocketFactory(TlsSockets.trusting(broker.caFile()));
            }
            client.connect(options).waitForCompletion(broker.connectTimeoutS() * 1000L + 2000);
            liveFrom = buffer.nextSeq();
            publishRetained(TopicKind.BIRTH, codec.encode(birth.get()));
            publishRetained(TopicKind.STATE, codec.encode(new NodeState(rig, node, NodeState.State.ONLINE)));
            IMqttToken subscribed = client.subscribe(Topic.of(rig, node, TopicKind.CMD).path(), TopicKind.CMD.qos());
            subscribed.waitForCompletion(broker.connectTimeoutS() * 1000L);
            requireAccepted(subscribed);
            connected = true;
            backoffMs = FIRST_BACKOFF_MS;
            lastConnectError = "";
            metrics.broker("connected", "");
            log.info("broker {} connected as {}; backlog {} readings in {} batches", broker.url(), client.getClientId(),
                    buffer.storedReadings(), buffer.pendingEntries());
        } catch (Exception e) {
            String reason = connectFailure(e);
            if (!reason.equals(lastConnectError)) {
                log.warn("broker {} unreachable or refusing: {}; readings stay buffered, retrying with backoff up to {} ms",
                        broker.url(), reason, broker.maxBackoffMs());
            }
            lastConnectError = reason;
            metrics.broker("disconnected", reason);
            forceClose();
            nextConnectAttemptMs = System.currentTimeMillis() + backoffMs;
            backoffMs = Math.min(broker.maxBackoffMs(), backoffMs * 2);
        }
    }

    private void publishRetained(TopicKind kind, byte[] payload) throws MqttException {
        IMqttToken token = client.publish(Topic.of(rig, node, kind).path(), payload, kind.qos(), kind.retained());
        token.waitForCompletion(broker.connectTimeoutS() * 1000L);
        requireAccepted(token);
    }

    private void fillWindow() {
        int free = publish.maxInFlight() - inFlight.size();
        free = sendAll(buffer.pending(OutboxEntry.Kind.EVENT, 0, free + inFlight.size()), Long.MAX_VALUE, free);
        free = sendAll(buffer.pending(OutboxEntry.Kind.DATA, liveFrom, free + inFlight.size()), Long.MAX_VALUE, free);
        sendAll(buffer.pending(OutboxEntry.Kind.DATA, 0, free + inFlight.size()), liveFrom, free);
    }

    /** Sends entries below seq {@code until}, in order, while the window has room; @return the room left */
    private int sendAll(List<OutboxEntry> entries, long until, int free) {
        for (OutboxEntry entry : entries) {
            if (free <= 0 || entry.seq() >= until) {
                break;
            }
            if (send(entry)) {
                free--;
            }
        }
        return free;
    }

    /** Publishes an entry unless already in flight. @return whether it took a window slot */
    private boolean send(OutboxEntry entry) {
        long sentOn = generation;
        if (!connected || inFlight.putIfAbsent(entry.seq(), sentOn) != null) {
            return false;
        }
        byte[] payload = buffer.payload(entry, publish.compress());
        if (payload == null) {            // dropped by the capacity limit meanwhile
            inFlight.remove(entry.seq(), sentOn);
            return false;
        }
        TopicKind kind = entry.kind() == OutboxEntry.Kind.DATA ? TopicKind.DATA : TopicKind.EVENT;
        try {
            client.publish(Topic.of(rig, node, kind).path(), payload, kind.qos(), kind.retained(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged(entry, sentOn, payload.length, token);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    inFlight.remove(entry.seq(), sentOn);
                    signal();
                }
            });
            return true;
        } catch (MqttException e) {
            inFlight.remove(entry.seq(), sentOn);
            log.debug("publish of batch {} not started: {}", entry.seq(), e.getMessage());
            return false;
        }
    }

    private void acknowledged(OutboxEntry entry, long sentOn, int bytes, IMqttToken token) {
        try {
            requireAccepted(token);
            buffer.acknowledge(entry);
            metrics.published.add(entry.readings());
            metrics.bytesPublished.add(bytes);
            metrics.batchesAcked.increment();
        } catch (MqttException refused) {
            // the broker answered PUBACK with an error (e.g. 0x87 not authorized): keep the batch, slow down
            log.error("broker refused batch {} on {}: {}; it stays buffered", entry.seq(), rig + "/" + node, refused.getMessage());
            pausedUntilMs = System.currentTimeMillis() + backoffMs;
            backoffMs = Math.min(broker.maxBackoffMs(), backoffMs * 2);
        } finally {
            inFlight.remove(entry.seq(), sentOn);
            signal();
        }
    }

    /** MQTT 5 acks carry reason codes; 0x80 and above mean the broker did not take the message. */
    private static void requireAccepted(IMqttToken token) throws MqttException {
        int[] codes = token.getReasonCodes();
        if (codes != null) {
            for (int code : codes) {
                if (code >= 0x80) {
                    throw new MqttException(code);
                }
            }
        }
    }

    /** Why a connect failed, in words; the user name only where the broker refused the credential. */
    private String connectFailure(Exception e) {
        String user = broker.username() == null ? " (no user name configured)" : " for user '" + broker.username() + "'";
        if (e instanceof MqttException m) {
            return switch (m.getReasonCode()) {
                case 0x86 -> "bad user name or password (reason 0x86)" + user;
                case 0x87 -> "not authorized (reason 0x87)" + user;
                case 0x85 -> "client id not valid (reason 0x85)";
                case 0x88 -> "server unavailable (reason 0x88)";
                default -> {
                    Throwable cause = m.getCause();
                    yield m.getMessage() + (cause != null ? " (" + cause.getMessage() + ")" : "") + " [reason " + m.getReasonCode() + "]";
                }
            };
        }
        return e.toString();
    }

    private void forceClose() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            log.debug("force close: {}", e.getMessage());
        }
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Stops publishing; a graceful stop says OFFLINE itself (the Last Will is only for crashes). */
    @Override
    public void close() {
        running = false;
        Workers.stop(thread);
        try {
            if (client.isConnected()) {
                publishRetained(TopicKind.STATE, codec.encode(new NodeState(rig, node, NodeState.State.OFFLINE)));
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connected = false;
            generation++;
            inFlight.clear();      // they are still in the buffer and go again, same seq, after the reconnect
            String reason = response.getException() != null ? response.getException().getMessage() : response.getReasonString();
            log.warn("broker {} connection lost: {}; buffering until it is back", broker.url(), reason);
            metrics.broker("disconnected", String.valueOf(reason));
            nextConnectAttemptMs = System.currentTimeMillis() + backoffMs;
            signal();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("broker {}: {}", broker.url(), exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (codec.decode(Topic.parse(topic), message.getPayload()) instanceof Command command) {
                    log.info("command {} {} from the hub: {}", command.type(), command.id(), command.args());
                    commands.accept(command);
                }
            } catch (ProtocolException e) {
                log.warn("ignored a malformed command on {}: {} ({})", topic, e.getMessage(), e.field());
            } catch (RuntimeException e) {
                log.error("command on {} failed: {}", topic, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
