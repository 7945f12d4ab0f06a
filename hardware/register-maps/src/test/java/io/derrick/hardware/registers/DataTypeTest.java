package io.derrick.hardware.registers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DataTypeTest {
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // type, order, words, decoded
            "INT16,   BIG,    65535,        -1",
            "UINT16,  BIG,    65535,        65535",
            "INT32,   BIG,    65535:65534,  -2",
            "INT32,   LITTLE, 65534:65535,  -2",
            "UINT32,  BIG,    1:0,          65536",
            "UINT32,  LITTLE, 0:1,          65536",
            "FLOAT32, BIG,    16256:0,      1.0",      // 0x3F80 0x0000
            "FLOAT32, LITTLE, 0:16256,      1.0",
            "FLOAT32, BIG,    17096:0,      100.0",    // 0x42C8 0x0000
    })
    void decodesKnownWordPatterns(DataType type, WordOrder order, String words, double expected) {
        String[] parts = words.split(":");
        int[] registers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            registers[i] = Integer.parseInt(parts[i]);
        }
        assertThat(type.decode(registers, 0, order)).isEqualTo(expected);
        assertThat(type.encode(expected, order)).containsExactly(registers);
    }

    @Test
    void integersClampInsteadOfWrapping() {
        assertThat(DataType.INT16.decode(DataType.INT16.encode(40_000, WordOrder.BIG), 0, WordOrder.BIG)).isEqualTo(32_767);
        assertThat(DataType.UINT16.decode(DataType.UINT16.encode(-5, WordOrder.BIG), 0, WordOrder.BIG)).isZero();
    }

    @Test
    void engineeringConversionRoundsToTheDeclaredResolution() throws Exception {
        Point hookload = RegisterMaps.load("adam-6017", null).points().getFirst();
        assertThat(hookload.toEngineering(65535)).isEqualTo(4500.0);
        assertThat(hookload.toEngineering(32768)).isEqualTo(2250.0);
        assertThat(hookload.rawIsValid(0)).as("open 4-20 mA loop").isFalse();
        assertThat(hookload.toEngineering(Math.round(hookload.toRaw(1234.5)))).isCloseTo(1234.5, org.assertj.core.data.Offset.offset(0.1));
    }
}
