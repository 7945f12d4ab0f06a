package io.derrick.demo;

import io.derrick.protocol.ChannelSeries;
import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import io.derrick.protocol.ProtocolException;
import io.derrick.protocol.ReadingBatch;
import io.derrick.protocol.Topic;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What arrives at the broker, one line per rig, printed periodically: proof on the console that readings
 * travel sensor -> agent -> broker. The hub's fleet dashboard shows the same in a browser.
 */
final class ConsoleBoard implements AutoCloseable {
    private static final String[] ACTIVITIES = {"unknown", "drilling", "connection", "trip in", "trip out", "circulating"};
    private final MessageCodec codec = new MessageCodec();
    private final MqttClient client;
    private final Map<String, Map<String, Double>> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> readings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();

    ConsoleBoard(String brokerUrl) throws MqttException {
        client = new MqttClient(brokerUrl, "derrick-demo-board", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        client.connect(options);
        client.subscribe(new MqttSubscription[] {new MqttSubscription("derrick/v1/+/+/data", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, message) -> accept(topic, message.getPayload())});
    }

    private void accept(String topic, byte[] payload) {
        try {
            Message m = codec.decode(Topic.parse(topic), payload);
            if (m instanceof ReadingBatch batch) {
                Map<String, Double> values = latest.computeIfAbsent(batch.rig(), r -> new ConcurrentHashMap<>());
                for (ChannelSeries s : batch.series()) {
                    if (s.size() > 0) {
                        values.put(s.channel(), s.values()[s.size() - 1]);
                    }
                }
                readings.computeIfAbsent(batch.rig(), r -> new AtomicLong()).addAndGet(batch.readingCount());
                bytes.computeIfAbsent(batch.rig(), r -> new AtomicLong()).addAndGet(payload.length);
            }
        } catch (ProtocolException e) {
            System.out.println("board: rejected a payload on " + topic + ": " + e.getMessage());
        }
    }

    void print() {
        for (Map.Entry<String, Map<String, Double>> rig : new TreeMap<>(latest).entrySet()) {
            Map<String, Double> v = rig.getValue();
            long n = readings.get(rig.getKey()).get();
            int activity = (int) Math.round(v.getOrDefault("RIGACT", 0.0));
            System.out.printf("%s  %-11s  hole %7.1f m  bit %7.1f m  hookload %6.0f kN  WOB %5.1f kN  RPM %5.1f  SPP %6.0f kPa  "
                            + "flow in/out %5.0f/%5.0f L/min  pits %5.1f m3  | %d readings at the broker, %.1f bytes/reading%n",
                    rig.getKey(), ACTIVITIES[Math.max(0, Math.min(5, activity))], get(v, "DEPT"), get(v, "BDEP"), get(v, "HKLD"),
                    get(v, "WOB"), get(v, "RPM"), get(v, "SPPA"), get(v, "MFIA"), get(v, "MFOA"), get(v, "TVA"),
                    n, n == 0 ? 0.0 : (double) bytes.get(rig.getKey()).get() / n);
        }
    }

    private static double get(Map<String, Double> v, String channel) {
        return v.getOrDefault(channel, Double.NaN);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
