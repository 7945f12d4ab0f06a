package io.derrick.edge.config;

import io.derrick.hardware.registers.RegisterMap;

import java.util.Map;

/**
 * One Modbus device: how to reach it (exactly one of {@code tcp} or {@code rtu}), its unit id, its
 * register map, and how often each poll group of the map is read.
 *
 * @param groupPollMs poll interval per group name of the map; the group "default" is always present
 * @param maxSilenceMs with a deadband, a channel is still reported at least this often
 */
public record DeviceConfig(String name, TcpEndpoint tcp, RtuEndpoint rtu, int unitId, RegisterMap map,
                           Map<String, Integer> groupPollMs, int timeoutMs, int maxBackoffMs, int maxSilenceMs) {

    public record TcpEndpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public record RtuEndpoint(String port, int baud, String parity, int dataBits, int stopBits) {
        @Override
        public String toString() {
            return port + "@" + baud + "," + dataBits + parity.toUpperCase().charAt(0) + stopBits;
        }
    }

    public DeviceConfig {
        groupPollMs = Map.copyOf(groupPollMs);
    }

    public String endpoint() {
        return tcp != null ? tcp.toString() : rtu.toString();
    }
}
