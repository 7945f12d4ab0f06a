package io.derrick.hardware.simulator;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.derrick.hardware.registers.Function;
import io.derrick.hardware.registers.Point;
import io.derrick.hardware.registers.RegisterMap;

import java.net.InetAddress;
import java.util.Map;

/**
 * One Modbus TCP device of a simulated rig (its own port, like its own IP on the rig LAN), serving the
 * points of a register map from the model's values. Unplugging closes the port; plugging it in reopens it.
 */
public final class SimulatedDevice {
    private final String name;
    private final RegisterMap map;
    private final InetAddress bind;
    private final int port;
    private final int unitId;
    private final RegisterBank bank;
    private ModbusSlave slave;

    SimulatedDevice(String name, RegisterMap map, InetAddress bind, int port, int unitId) {
        this.name = name;
        this.map = map;
        this.bind = bind;
        this.port = port;
        this.unitId = unitId;
        this.bank = new RegisterBank(unitId, size(Function.HOLDING), size(Function.INPUT), size(Function.COIL), size(Function.DISCRETE));
    }

    public String name() {
        return name;
    }

    public RegisterMap map() {
        return map;
    }

    public int port() {
        return port;
    }

    public int unitId() {
        return unitId;
    }

    public synchronized boolean pluggedIn() {
        return slave != null;
    }

    public synchronized void plugIn() throws ModbusException {
        if (slave == null) {
            ModbusSlave s = ModbusSlaveFactory.createTCPSlave(bind, port, 8, false);
            s.addProcessImage(unitId, bank);
            s.open();
            slave = s;
        }
    }

    public synchronized void unplug() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    /** Writes every point this device serves from the model's values (NaN = signal lost). */
    void update(Map<String, Double> values) {
        synchronized (bank) {
            for (Point p : map.points()) {
                Double value = values.get(p.mnemonic());
                if (value != null) {
                    bank.write(p.function(), p.register(), p.type().encode(p.toRaw(value), p.wordOrder()));
                }
            }
        }
    }

    private int size(Function function) {
        return map.points().stream().filter(p -> p.function() == function).mapToInt(p -> p.lastRegister() + 1).max().orElse(0);
    }
}
