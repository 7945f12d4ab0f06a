package io.derrick.edge.config;

import java.util.List;

/** The whole validated configuration of one edge agent. {@code hash} identifies it in the birth message. */
public record AgentConfig(String rig, String node, List<DeviceConfig> devices, BrokerConfig broker,
                          BufferConfig buffer, PublishConfig publish, String hash) {
    public AgentConfig {
        devices = List.copyOf(devices);
    }
}
