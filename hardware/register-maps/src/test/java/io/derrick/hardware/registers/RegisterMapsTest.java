package io.derrick.hardware.registers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterMapsTest {
    @Test
    void everyBundledMapLoads() throws ConfigException {
        for (String name : RegisterMaps.bundledNames()) {
            RegisterMap map = RegisterMaps.load(name, null);
            assertThat(map.points()).as(name).isNotEmpty();
        }
        Point power = RegisterMaps.load("acs880-mud-pump", null).points().stream()
                .filter(p -> p.mnemonic().equals("MP1_PWR")).findFirst().orElseThrow();
        assertThat(power.type()).isEqualTo(DataType.INT32);
        assertThat(power.wordOrder()).isEqualTo(WordOrder.LITTLE);
    }

    @Test
    void unknownBundledNameListsTheBundledOnes() {
        assertThatThrownBy(() -> RegisterMaps.load("adam-6018", null))
                .hasMessageContaining("no bundled register map named 'adam-6018'").hasMessageContaining("adam-6017");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field        | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: holding, register: 0, type: uint16, min: 0, max: 1, colour: red} | points[0].colour: unknown field
            bad function         | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: register, register: 0, type: uint16, min: 0, max: 1}          | points[0].function: 'register' is not valid, expected one of holding, input, coil, discrete
            lower-case mnemonic  | device: X\\npoints:\\n  - {mnemonic: hkld, unit: kN, function: holding, register: 0, type: uint16, min: 0, max: 1}           | points[0].mnemonic: must be an upper-case mnemonic
            register too high    | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: holding, register: 65535, type: float32, min: 0, max: 1}     | points[0].register: must be a zero-based address
            bool on holding      | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: holding, register: 0, type: bool, min: 0, max: 1}             | points[0].type: bool is only for coils
            register as text     | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: holding, register: forty, type: uint16, min: 0, max: 1}       | points[0].register: 'forty' is not valid, expected an integer
            min above max        | device: X\\npoints:\\n  - {mnemonic: HKLD, unit: kN, function: holding, register: 0, type: uint16, min: 5, max: 1}           | points[0].max: min and max
            duplicate mnemonic   | device: X\\npoints:\\n  - {mnemonic: A, unit: kN, function: holding, register: 0, type: uint16, min: 0, max: 1}\\n  - {mnemonic: A, unit: kN, function: holding, register: 1, type: uint16, min: 0, max: 1} | points[1].mnemonic: A appears twice
            no device            | points: []                                                                                                                          | device: is required
            not yaml             | device: 'unclosed                                                                                                                 | not valid YAML
            """)
    void badMapsAreRefusedNamingTheField(String caseName, String yaml, String message) {
        String text = yaml.replace("\\n", "\n");
        assertThatThrownBy(() -> RegisterMaps.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml", "test"))
                .as(caseName).isInstanceOf(ConfigException.class).hasMessageStartingWith("test.yaml: ").hasMessageContaining(message);
    }
}
