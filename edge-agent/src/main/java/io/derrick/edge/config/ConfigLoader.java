package io.derrick.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.derrick.hardware.registers.ConfigException;
import io.derrick.hardware.registers.Point;
import io.derrick.hardware.registers.RegisterMap;
import io.derrick.hardware.registers.RegisterMaps;
import io.derrick.hardware.registers.YamlReader;
import io.derrick.protocol.Ids;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the agent's YAML config once at start, validates all of it and reports the first problem with
 * the field path and what is allowed. Relative paths (maps, buffer, files) are relative to the config file.
 */
public final class ConfigLoader {
    private static final Set<String> PARITIES = Set.of("none", "even", "odd");

    private ConfigLoader() {
    }

    public static AgentConfig load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        ConfigFile raw = YamlReader.read(new ByteArrayInputStream(bytes), file.toString(), ConfigFile.class);
        return new Validation(file.toString(), dir).validate(raw, hash(bytes));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Validation(String source, Path dir) {
        AgentConfig validate(ConfigFile f, String hash) throws ConfigException {
            require(Ids.isValidId(f.rig), "rig", "is required: 1-64 characters of a-z, 0-9, '-' or '_', got " + quote(f.rig));
            require(Ids.isValidId(f.node), "node", "is required: 1-64 characters of a-z, 0-9, '-' or '_', got " + quote(f.node));
            require(f.devices != null && !f.devices.isEmpty(), "devices", "must list at least one Modbus device");
            List<DeviceConfig> devices = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Map<String, String> channelOwner = new HashMap<>();
            for (int i = 0; i < f.devices.size(); i++) {
                DeviceConfig d = device(f.devices.get(i), "devices[" + i + "]");
                require(names.add(d.name()), "devices[" + i + "].name", "'" + d.name() + "' is used by two devices");
                for (Point p : d.map().points()) {
                    String other = channelOwner.putIfAbsent(p.mnemonic(), d.name());
                    require(other == null, "devices[" + i + "].map", "channel " + p.mnemonic() + " is also served by device '"
                            + other + "'; channel names must be unique on a node (use e.g. SPM1/SPM2)");
                }
                devices.add(d);
            }
            require(f.broker != null, "broker", "is required (url, and username/password when the broker asks)");
            return new AgentConfig(f.rig, f.node, devices, broker(f.broker), buffer(f.buffer), publish(f.publish), hash,
                    f.detection, f.gpio, f.statusPage, dir);
        }

        private DeviceConfig device(DeviceFile d, String at) throws ConfigException {
            require(d != null, at, "is empty");
            require(Ids.isValidId(d.name), at + ".name", "is required: a short id like 'adam' or 'mud-pump-1', got " + quote(d.name));
            require((d.tcp == null) != (d.rtu == null), at, "needs exactly one of tcp: {host, port} or rtu: {port, baud, ...}");
            DeviceConfig.TcpEndpoint tcp = null;
            DeviceConfig.RtuEndpoint rtu = null;
            if (d.tcp != null) {
                require(d.tcp.host != null && !d.tcp.host.isBlank(), at + ".tcp.host", "is required");
                int port = d.tcp.port == null ? 502 : d.tcp.port;
                require(port >= 1 && port <= 65535, at + ".tcp.port", "must be between 1 and 65535, got " + port);
                tcp = new DeviceConfig.TcpEndpoint(d.tcp.host, port);
            } else {
                require(d.rtu.port != null && !d.rtu.port.isBlank(), at + ".rtu.port", "is required (e.g. /dev/ttyUSB0)");
                int baud = d.rtu.baud == null ? 19200 : d.rtu.baud;
                require(List.of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200).contains(baud), at + ".rtu.baud",
                        "must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, got " + baud);
                String parity = d.rtu.parity == null ? "even" : d.rtu.parity.toLowerCase();
                require(PARITIES.contains(parity), at + ".rtu.parity", "must be none, even or odd, got " + quote(d.rtu.parity));
                int dataBits = d.rtu.dataBits == null ? 8 : d.rtu.dataBits;
                require(dataBits == 7 || dataBits == 8, at + ".rtu.dataBits", "must be 7 or 8");
                int stopBits = d.rtu.stopBits == null ? 1 : d.rtu.stopBits;
                require(stopBits == 1 || stopBits == 2, at + ".rtu.stopBits", "must be 1 or 2");
                rtu = new DeviceConfig.RtuEndpoint(d.rtu.port, baud, parity, dataBits, stopBits);
            }
            int unitId = d.unitId == null ? 1 : d.unitId;
            require(unitId >= 0 && unitId <= 247, at + ".unitId", "must be 0-247, got " + unitId);
            require(d.map != null && !d.map.isBlank(), at + ".map", "is required: a bundled map (" + String.join(", ", RegisterMaps.bundledNames())
                    + ") or a path to a .yaml map");
            RegisterMap map;
            try {
                map = RegisterMaps.load(d.map, dir);
            } catch (ConfigException e) {
                throw new ConfigException(source + ": " + at + ".map: " + e.getMessage(), e);
            }
            int pollMs = d.pollMs == null ? 1000 : d.pollMs;
            require(pollMs >= 50 && pollMs <= 3_600_000, at + ".pollMs", "must be 50-3600000 ms, got " + pollMs);
            Map<String, Integer> groups = new LinkedHashMap<>();
            groups.put("default", pollMs);
            if (d.groups != null) {
                for (Map.Entry<String, Integer> g : d.groups.entrySet()) {
                    require(g.getValue() != null && g.getValue() >= 50 && g.getValue() <= 3_600_000, at + ".groups." + g.getKey(),
                            "must be a poll interval of 50-3600000 ms, got " + g.getValue());
                    groups.put(g.getKey(), g.getValue());
                }
            }
            for (Point p : map.points()) {
                // a group the map names but the config does not time is polled at the device's pollMs
                groups.putIfAbsent(p.group(), pollMs);
            }
            int timeoutMs = d.timeoutMs == null ? 1000 : d.timeoutMs;
            require(timeoutMs >= 50 && timeoutMs <= 60_000, at + ".timeoutMs", "must be 50-60000 ms, got " + timeoutMs);
            int maxBackoffMs = d.maxBackoffMs == null ? 30_000 : d.maxBackoffMs;
            require(maxBackoffMs >= 100, at + ".maxBackoffMs", "must be at least 100 ms");
            int maxSilenceMs = d.maxSilenceMs == null ? 60_000 : d.maxSilenceMs;
            require(maxSilenceMs >= pollMs, at + ".maxSilenceMs", "must be at least pollMs (" + pollMs + ")");
            return new DeviceConfig(d.name, tcp, rtu, unitId, map, groups, timeoutMs, maxBackoffMs, maxSilenceMs);
        }

        private BrokerConfig broker(BrokerFile b) throws ConfigException {
            require(b.url != null && b.url.matches("(tcp|ssl|ws|wss)://[^/\\s]+(:\\d+)?/?"), "broker.url",
                    "must look like tcp://host:1883 or ssl://host:8883, got " + quote(b.url));
            require(b.password == null || b.passwordFile == null, "broker", "give password or passwordFile, not both");
            char[] password = null;
            if (b.passwordFile != null) {
                Path p = dir.resolve(b.passwordFile);
                try {
                    password = Files.readString(p, StandardCharsets.UTF_8).strip().toCharArray();
                } catch (IOException e) {
                    throw new ConfigException(source + ": broker.passwordFile: " + p + " cannot be read: " + e.getMessage(), e);
                }
            } else if (b.password != null) {
                password = b.password.toCharArray();
            }
            require(password == null || b.username != null, "broker.username", "is required when a password is given");
            Path ca = null;
            if (b.caFile != null) {
                ca = dir.resolve(b.caFile);
                require(Files.isReadable(ca), "broker.caFile", ca + " is not a readable file");
            }
            int keepAlive = b.keepAliveS == null ? 30 : b.keepAliveS;
            require(keepAlive >= 5 && keepAlive <= 3600, "broker.keepAliveS", "must be 5-3600 s");
            int connectTimeout = b.connectTimeoutS == null ? 10 : b.connectTimeoutS;
            require(connectTimeout >= 1 && connectTimeout <= 120, "broker.connectTimeoutS", "must be 1-120 s");
            int maxBackoff = b.maxBackoffMs == null ? 60_000 : b.maxBackoffMs;
            require(maxBackoff >= 100, "broker.maxBackoffMs", "must be at least 100 ms");
            return new BrokerConfig(b.url, b.username, password, ca, keepAlive, connectTimeout, maxBackoff);
        }

        private BufferConfig buffer(BufferFile b) throws ConfigException {
            BufferFile f = b == null ? new BufferFile(null, null, null, null) : b;
            Path path = dir.resolve(f.path == null ? "derrick-buffer.db" : f.path);
            long max = f.maxReadings == null ? 20_000_000L : f.maxReadings;
            require(max >= 1000, "buffer.maxReadings", "must be at least 1000, got " + max);
            int maxAge = f.maxAgeHours == null ? 24 * 30 : f.maxAgeHours;
            require(maxAge >= 1, "buffer.maxAgeHours", "must be at least 1");
            return new BufferConfig(path, max, maxAge, f.synchronous == null ? BufferConfig.Synchronous.FULL : f.synchronous);
        }

        private PublishConfig publish(PublishFile p) throws ConfigException {
            PublishFile f = p == null ? new PublishFile(null, null, null, null, null) : p;
            int batchMs = f.batchMs == null ? 1000 : f.batchMs;
            require(batchMs >= 50 && batchMs <= 600_000, "publish.batchMs", "must be 50-600000 ms");
            int maxBatch = f.maxBatchReadings == null ? 5000 : f.maxBatchReadings;
            require(maxBatch >= 1 && maxBatch <= 100_000, "publish.maxBatchReadings", "must be 1-100000");
            int inFlight = f.maxInFlight == null ? 8 : f.maxInFlight;
            require(inFlight >= 1 && inFlight <= 100, "publish.maxInFlight", "must be 1-100");
            int healthLogS = f.healthLogS == null ? 60 : f.healthLogS;
            require(healthLogS >= 1, "publish.healthLogS", "must be at least 1");
            return new PublishConfig(batchMs, maxBatch, inFlight, f.compress == null || f.compress, healthLogS);
        }

        private void require(boolean ok, String field, String message) throws ConfigException {
            if (!ok) {
                throw new ConfigException(source + ": " + field + ": " + message);
            }
        }

        private static String quote(String s) {
            return s == null ? "nothing" : "'" + s + "'";
        }
    }

    // The file's shape. Every field is optional here; Validation decides what is required.
    record ConfigFile(String rig, String node, List<DeviceFile> devices, BrokerFile broker, BufferFile buffer, PublishFile publish,
                      JsonNode detection, JsonNode gpio, JsonNode statusPage) {
    }

    record DeviceFile(String name, TcpFile tcp, RtuFile rtu, Integer unitId, String map, Integer pollMs,
                      Map<String, Integer> groups, Integer timeoutMs, Integer maxBackoffMs, Integer maxSilenceMs) {
    }

    record TcpFile(String host, Integer port) {
    }

    record RtuFile(String port, Integer baud, String parity, Integer dataBits, Integer stopBits) {
    }

    record BrokerFile(String url, String username, String password, String passwordFile, String caFile,
                      Integer keepAliveS, Integer connectTimeoutS, Integer maxBackoffMs) {
    }

    record BufferFile(String path, Long maxReadings, Integer maxAgeHours, BufferConfig.Synchronous synchronous) {
    }

    record PublishFile(Integer batchMs, Integer maxBatchReadings, Integer maxInFlight, Boolean compress, Integer healthLogS) {
    }
}
