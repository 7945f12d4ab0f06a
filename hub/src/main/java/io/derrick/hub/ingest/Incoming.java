package io.derrick.hub.ingest;

import io.derrick.protocol.Message;
import io.derrick.protocol.ProtocolException;

/**
 * One MQTT message as received: the raw topic and payload (kept if it is rejected), what it decoded to
 * or why it did not, and what acknowledging it takes ({@code ackId} within connection {@code generation}).
 */
public record Incoming(String topic, byte[] payload, Message message, ProtocolException problem, int ackId,
                       int qos, long generation) {
}
