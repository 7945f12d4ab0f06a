package io.derrick.edge.modbus;

import io.derrick.hardware.registers.RegisterMaps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBlockTest {
    @Test
    void contiguousRegistersAreReadInOneRequestPerTable() throws Exception {
        List<ReadBlock> blocks = ReadBlock.plan(RegisterMaps.load("derrick-rig-daq", null).points());
        assertThat(blocks).hasSize(2);
        assertThat(blocks.getFirst().start()).isZero();
        assertThat(blocks.getFirst().count()).isEqualTo(20);        // 9 float32 + 1 uint32
        assertThat(blocks.get(1).function()).isEqualTo(io.derrick.hardware.registers.Function.INPUT);
    }

    @Test
    void farApartRegistersAreSplit() throws Exception {
        var points = RegisterMaps.load("acs880-mud-pump", null).points();
        List<ReadBlock> blocks = ReadBlock.plan(points);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.getFirst().start()).isEqualTo(4);
        assertThat(blocks.getFirst().count()).isEqualTo(7);
        var far = new java.util.ArrayList<>(points);
        var p = points.getFirst();
        far.add(new io.derrick.hardware.registers.Point("X", "FAR", "u", "", p.function(), 1000, p.type(), p.wordOrder(), 1, 0, 0, 1, 0,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "default", 0));
        assertThat(ReadBlock.plan(far)).hasSize(2);
    }
}
