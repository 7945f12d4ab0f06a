package io.derrick.hardware.simulator;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import io.derrick.hardware.registers.Point;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator over real Modbus TCP: what a master reads decodes, through the map, to the model's values. */
class SimulatorModbusTest {
    private Simulator simulator;

    private Simulator start(List<List<Fault>> faults) throws Exception {
        int base = FreePorts.block(30);
        simulator = new Simulator(new Simulator.Settings(2, "rig-", InetAddress.getLoopbackAddress(), base, 1, 1,
                DrillingModel.Scenario.DRILLING, faults)).start();
        return simulator;
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aMasterReadsTheModelsValuesThroughTheRegisterMap() throws Exception {
        start(List.of());
        SimulatedDevice daq = simulator.rig(1).device("daq");
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", daq.port(), 2000, false);
        master.connect();
        try {
            Point bitDepth = daq.map().points().getFirst();
            Register[] words = master.readMultipleRegisters(daq.unitId(), bitDepth.register(), 2);
            double value = bitDepth.toEngineering(bitDepth.type().decode(new int[] {words[0].getValue(), words[1].getValue()}, 0, bitDepth.wordOrder()));
            assertThat(value).as("rig 2 starts drilling at 1850 m").isBetween(1849.0, 1860.0);
            assertThat(value).isCloseTo(simulator.rig(1).lastValues().get("BDEP"), org.assertj.core.data.Offset.offset(1.0));
        } finally {
            master.disconnect();
        }
    }

    @Test
    void anOfflineFaultClosesTheDevicesPortAndOpensItAgain() throws Exception {
        start(List.of(List.of(Fault.parse("offline:vfd@0.5+1.5"))));
        SimulatedDevice vfd = simulator.rig(0).device("vfd");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (vfd.pluggedIn() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(vfd.pluggedIn()).isFalse();
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", vfd.port(), 500, false);
        assertThatThrownBy(master::connect).as("nothing listens while unplugged");
        while (!vfd.pluggedIn() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(vfd.pluggedIn()).isTrue();
        master.connect();
        assertThat(master.readMultipleRegisters(1, 4, 1)).hasSize(1);
        master.disconnect();
    }
}
