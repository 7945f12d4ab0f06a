package io.derrick.edge.testing;

import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Modbus TCP device whose only point (CTR, uint32 at holding 0) counts the reads it has answered:
 * 1, 2, 3... So every poll yields the next integer, and a subscriber can prove that no reading was lost
 * or duplicated by checking that the values it received are exactly 1..{@link #count()}.
 */
public final class CountingDevice implements AutoCloseable {
    public static final String MAP = """
            device: Counter
            vendor: Derrick tests
            points:
              - {mnemonic: CTR, unit: count, function: holding, register: 0, type: uint32, min: 0, max: 4294967295, decimals: 0}
            """;
    private final int port;
    private final CountingImage image = new CountingImage();
    private ModbusSlave slave;

    public CountingDevice() throws Exception {
        this.port = FreePort.one();
        image.addRegister(new SimpleRegister(0));
        image.addRegister(new SimpleRegister(0));
        plugIn();
    }

    public int port() {
        return port;
    }

    public long count() {
        return image.count();
    }

    public static Path writeMap(Path dir) throws java.io.IOException {
        Path map = dir.resolve("counter.yaml");
        Files.writeString(map, MAP);
        return map;
    }

    public synchronized void plugIn() throws Exception {
        if (slave == null) {
            slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
            slave.addProcessImage(1, image);
            slave.open();
        }
    }

    /** Stops answering: afterwards {@link #count()} no longer changes. */
    public synchronized void unplug() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    @Override
    public void close() {
        unplug();
    }

    private static final class CountingImage extends SimpleProcessImage {
        private long count;

        CountingImage() {
            super(1);
        }

        synchronized long count() {
            return count;
        }

        @Override
        public synchronized Register[] getRegisterRange(int offset, int n) {
            count++;
            return new Register[] {new SimpleRegister((int) (count >>> 16) & 0xffff), new SimpleRegister((int) count & 0xffff)};
        }
    }
}
