package io.derrick.edge.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole validated configuration of one edge agent. {@code hash} identifies it in the birth message.
 * The {@code detection}, {@code gpio} and {@code statusPage} blocks are kept as read: their parts validate
 * them, and a problem there switches that part off instead of stopping the agent ({@code dir} resolves
 * their relative paths).
 */
public record AgentConfig(String rig, String node, List<DeviceConfig> devices, BrokerConfig broker,
                          BufferConfig buffer, PublishConfig publish, String hash,
                          JsonNode detection, JsonNode gpio, JsonNode statusPage, Path dir) {
    public AgentConfig {
        devices = List.copyOf(devices);
    }
}
