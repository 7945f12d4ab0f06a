package io.derrick.edge.config;

import io.derrick.hardware.registers.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    static final String VALID = """
            rig: rig-01
            node: edge-01
            devices:
              - name: adam
                tcp: {host: 127.0.0.1, port: 1502}
                map: adam-6017
                pollMs: 500
                groups: {fast: 200}
              - name: vfd
                rtu: {port: /dev/ttyUSB0, baud: 19200, parity: even}
                unitId: 3
                map: acs880-mud-pump
            broker:
              url: tcp://127.0.0.1:1883
              username: rig-01.edge-01
              password: s3cret
            buffer:
              path: data/buffer.db
              maxReadings: 100000
            publish:
              batchMs: 500
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aValidConfigLoadsWithDefaultsAndRelativePaths() throws Exception {
        AgentConfig config = ConfigLoader.load(write(VALID));
        assertThat(config.devices()).hasSize(2);
        DeviceConfig adam = config.devices().getFirst();
        assertThat(adam.groupPollMs()).containsEntry("default", 500).containsEntry("fast", 200);
        assertThat(adam.timeoutMs()).isEqualTo(1000);
        assertThat(config.devices().get(1).rtu().toString()).isEqualTo("/dev/ttyUSB0@19200,8E1");
        assertThat(config.buffer().path()).isEqualTo(dir.resolve("data/buffer.db"));
        assertThat(config.buffer().synchronous()).isEqualTo(BufferConfig.Synchronous.FULL);
        assertThat(config.broker().toString()).doesNotContain("s3cret");
        assertThat(config.hash()).hasSize(16);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rig with a slash        | rig: rig-01              | rig: rig/01                  | rig: is required
            port out of range       | port: 1502               | port: 70000                  | devices[0].tcp.port: must be between 1 and 65535, got 70000
            unknown field           | pollMs: 500              | pollMs: 500\\n    colour: red | devices[0].colour: unknown field
            unknown bundled map     | map: adam-6017           | map: adam-9999               | devices[0].map: no bundled register map named 'adam-9999'
            missing map file        | map: adam-6017           | map: maps/mine.yaml          | devices[0].map: register map
            bad parity              | parity: even             | parity: mark                 | devices[1].rtu.parity: must be none, even or odd
            poll too fast           | pollMs: 500              | pollMs: 5                    | devices[0].pollMs: must be 50-3600000 ms
            bad broker url          | url: tcp://127.0.0.1:1883 | url: http://hub             | broker.url: must look like tcp://host:1883
            number as text          | maxReadings: 100000      | maxReadings: lots            | buffer.maxReadings: 'lots' is not valid
            bad synchronous         | maxReadings: 100000      | maxReadings: 100000\\n  synchronous: off | buffer.synchronous: expected one of full, normal
            two endpoints           | map: acs880-mud-pump     | map: acs880-mud-pump\\n    tcp: {host: x} | devices[1]: needs exactly one of tcp
            """)
    void badConfigIsRefusedNamingTheFieldAndTheAllowedValues(String caseName, String from, String to, String message) throws Exception {
        Path file = write(VALID.replace(from, to.replace("\\n", "\n")));
        assertThatThrownBy(() -> ConfigLoader.load(file)).as(caseName)
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(file.toString()).hasMessageContaining(message);
    }

    @Test
    void aChannelServedByTwoDevicesIsRefused() throws Exception {
        Path file = write(VALID.replace("map: acs880-mud-pump", "map: adam-6017"));
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("channel HKLD is also served by device 'adam'");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");
    }
}
