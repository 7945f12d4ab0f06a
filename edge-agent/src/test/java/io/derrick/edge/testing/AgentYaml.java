package io.derrick.edge.testing;

import io.derrick.edge.config.AgentConfig;
import io.derrick.edge.config.ConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds an agent config file for a test in one expression. */
public final class AgentYaml {
    private final String rig;
    private final String node;
    private final List<String> devices = new ArrayList<>();
    private String broker = "url: tcp://127.0.0.1:1";
    private String buffer = "path: buffer.db";
    private String publish = "batchMs: 200\n  healthLogS: 5";
    private String extra = "";

    private AgentYaml(String rig, String node) {
        this.rig = rig;
        this.node = node;
    }

    public static AgentYaml of(String rig, String node) {
        return new AgentYaml(rig, node);
    }

    public AgentYaml device(String name, int port, String map, int pollMs) {
        return device(name, port, map, pollMs, "");
    }

    /** The three devices of a simulated rig, every group polled every {@code pollMs}. */
    public AgentYaml simulatedRig(io.derrick.hardware.simulator.RigSimulator rig, int pollMs) {
        for (var d : rig.devices()) {
            device(d.name(), d.port(), d.map().name(), pollMs, "    groups: {fast: %d, slow: %d}\n".formatted(pollMs, pollMs));
        }
        return this;
    }

    private AgentYaml device(String name, int port, String map, int pollMs, String extra) {
        devices.add("""
                  - name: %s
                    tcp: {host: 127.0.0.1, port: %d}
                    map: %s
                    pollMs: %d
                %s    timeoutMs: 500
                    maxBackoffMs: 1000
                """.formatted(name, port, map, pollMs, extra));
        return this;
    }

    public AgentYaml broker(String url) {
        broker = "url: " + url + "\n  maxBackoffMs: 1000";
        return this;
    }

    public AgentYaml broker(String url, String user, String password) {
        broker = "url: " + url + "\n  username: " + user + "\n  password: " + password + "\n  maxBackoffMs: 1000";
        return this;
    }

    /** Over TLS, trusting the certificates of {@code caFile} (PEM). */
    public AgentYaml brokerTls(String url, String user, String password, java.nio.file.Path caFile) {
        broker(url, user, password);
        broker += "\n  caFile: " + caFile.toAbsolutePath();
        return this;
    }

    public AgentYaml buffer(String yaml) {
        buffer = yaml;
        return this;
    }

    public AgentYaml publish(String yaml) {
        publish = yaml;
        return this;
    }

    /** Top-level YAML blocks added as they are (detection, gpio, statusPage). */
    public AgentYaml with(String yaml) {
        extra += yaml.endsWith("\n") ? yaml : yaml + "\n";
        return this;
    }

    public String text() {
        return "rig: " + rig + "\nnode: " + node + "\ndevices:\n" + String.join("", devices)
                + "broker:\n  " + broker + "\nbuffer:\n  " + buffer + "\npublish:\n  " + publish + "\n" + extra;
    }

    public Path write(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, text());
        return file;
    }

    public AgentConfig load(Path dir) throws Exception {
        return ConfigLoader.load(write(dir));
    }
}
