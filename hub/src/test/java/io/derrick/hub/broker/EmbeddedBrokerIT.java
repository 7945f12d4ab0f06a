package io.derrick.hub.broker;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedBrokerIT {
    @TempDir
    Path dir;

    @Test
    void embeddedBrokerDeliversQos1AndRetainedMessages() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, "127.0.0.1", port).start()) {
            MqttClient publisher = new MqttClient(broker.url(), "pub", new MemoryPersistence());
            publisher.connect(new MqttConnectionOptions());
            publisher.publish("derrick/v1/rig-01/edge-01/state", "{\"v\":1}".getBytes(), 1, true);
            MqttClient subscriber = new MqttClient(broker.url(), "sub", new MemoryPersistence());
            subscriber.connect(new MqttConnectionOptions());
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            subscriber.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {new org.eclipse.paho.mqttv5.common.MqttSubscription("derrick/v1/#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, message) -> received.add(topic + " " + new String(message.getPayload()))});
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("derrick/v1/rig-01/edge-01/state {\"v\":1}");
            publisher.disconnect();
            subscriber.disconnect();
            publisher.close();
            subscriber.close();
        }
    }
}
