package io.derrick.edge.testing;

import io.derrick.protocol.Birth;
import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Event;
import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.NodeState;
import io.derrick.protocol.ProtocolException;
import io.derrick.protocol.Quality;
import io.derrick.protocol.ReadingBatch;
import io.derrick.protocol.Topic;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hub stand-in for edge tests: a persistent MQTT session on {@code derrick/v1/#} that decodes everything
 * and keeps reading batches by (rig, node, seq), counting the copies that arrive more than once.
 */
public final class RecordingSubscriber implements AutoCloseable {
    public record Sample(long timeMs, double value, Quality quality) {
    }

    private final MessageCodec codec = new MessageCodec();
    private final MqttAsyncClient client;
    private final Map<String, ReadingBatch> batches = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final List<Message> others = new CopyOnWriteArrayList<>();
    private final List<String> rejects = new CopyOnWriteArrayList<>();
    private final List<Message> arrivals = new CopyOnWriteArrayList<>();

    public RecordingSubscriber(String url) throws MqttException {
        this(url, null, null);
    }

    /** Subscribed with a broker credential (a broker that lets nobody in anonymously). */
    public RecordingSubscriber(String url, String username, String password) throws MqttException {
        client = new MqttAsyncClient(url, "test-subscriber-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                record(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                try {
                    client.subscribe("derrick/v1/#", 1);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("derrick/v1/#", 1).waitForCompletion(10_000);
    }

    private void record(String topicPath, byte[] payload) {
        try {
            Message m = codec.decode(Topic.parse(topicPath), payload);
            arrivals.add(m);
            if (m instanceof ReadingBatch batch) {
                ReadingBatch earlier = batches.putIfAbsent(batch.rig() + "/" + batch.node() + "#" + batch.seq(), batch);
                if (earlier != null) {
                    duplicates.incrementAndGet();
                    if (!earlier.equals(batch)) {
                        conflicts.incrementAndGet();
                    }
                }
            } else {
                others.add(m);
            }
        } catch (ProtocolException e) {
            rejects.add(topicPath + ": " + e.getMessage());
        }
    }

    /** Every message as it arrived, in the order it arrived, repeats included. */
    public List<Message> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Distinct batches received (each (rig, node, seq) once). */
    public List<ReadingBatch> batches() {
        return new ArrayList<>(batches.values());
    }

    public int duplicates() {
        return duplicates.get();
    }

    /** Copies of a (rig, node, seq) whose content differed from the first: a seq reused for other data. */
    public int conflicts() {
        return conflicts.get();
    }

    /** Every seq received from a node, data and events. */
    public java.util.SortedSet<Long> seqs(String node) {
        java.util.SortedSet<Long> seqs = new java.util.TreeSet<>();
        batches.values().stream().filter(b -> b.node().equals(node)).forEach(b -> seqs.add(b.seq()));
        events().stream().filter(e -> e.node().equals(node)).forEach(e -> seqs.add(e.seq()));
        return seqs;
    }

    public List<String> rejects() {
        return rejects;
    }

    /** Every reading of a channel over all distinct batches, in time order. */
    public List<Sample> samples(String channel) {
        List<Sample> all = new ArrayList<>();
        for (ReadingBatch b : batches.values()) {
            for (ChannelSeries s : b.series()) {
                if (s.channel().equals(channel)) {
                    for (int i = 0; i < s.size(); i++) {
                        all.add(new Sample(s.timesMs()[i], s.values()[i], s.quality()[i]));
                    }
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(Sample::timeMs).thenComparingDouble(Sample::value));
        return all;
    }

    /** The GOOD values of a channel in time order. */
    public List<Long> goodValues(String channel) {
        return samples(channel).stream().filter(s -> s.quality() == Quality.GOOD).map(s -> (long) s.value()).toList();
    }

    public List<Birth> births() {
        return others.stream().filter(Birth.class::isInstance).map(Birth.class::cast).toList();
    }

    public List<NodeState> states() {
        return others.stream().filter(NodeState.class::isInstance).map(NodeState.class::cast).toList();
    }

    public List<Event> events() {
        return others.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    /** Commands seen on the nodes' cmd topics (what the hub sent). */
    public List<io.derrick.protocol.Command> commands() {
        return others.stream().filter(io.derrick.protocol.Command.class::isInstance).map(io.derrick.protocol.Command.class::cast).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close();
    }
}
