package io.derrick.hub.testing;

import io.derrick.protocol.Message;
import io.derrick.protocol.MessageCodec;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Publishes hand-made messages (good, replayed, conflicting, broken) as an edge node would, QoS 1. */
public final class Publisher implements AutoCloseable {
    private final MqttClient client;
    private final MessageCodec codec = new MessageCodec();

    public Publisher(String url, String clientId) throws Exception {
        this(url, clientId, null, null);
    }

    /** As a node with its broker credential. */
    public Publisher(String url, String clientId, String username, String password) throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.connect(options);
    }

    public void publish(Message message) throws Exception {
        publishRaw(message.topic().path(), codec.encode(message, true), message.kind().retained());
    }

    public void publishRaw(String topic, byte[] payload, boolean retained) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        client.publish(topic, m);
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
