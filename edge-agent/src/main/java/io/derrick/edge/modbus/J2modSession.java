package io.derrick.edge.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.derrick.edge.config.DeviceConfig;
import io.derrick.hardware.registers.Function;

/** Modbus TCP or RTU (serial) through j2mod's masters, without j2mod's own retries (the poller decides). */
public final class J2modSession implements ModbusSession {
    private final AbstractModbusMaster master;

    public J2modSession(DeviceConfig device) {
        if (device.tcp() != null) {
            // reconnect=false: a broken socket is reported to the poller, which backs off and reconnects itself
            master = new ModbusTCPMaster(device.tcp().host(), device.tcp().port(), device.timeoutMs(), false);
        } else {
            SerialParameters serial = new SerialParameters();
            serial.setPortName(device.rtu().port());
            serial.setBaudRate(device.rtu().baud());
            serial.setDatabits(device.rtu().dataBits());
            serial.setStopbits(device.rtu().stopBits());
            serial.setParity(device.rtu().parity());
            serial.setEncoding(Modbus.SERIAL_ENCODING_RTU);
            serial.setEcho(false);
            master = new ModbusSerialMaster(serial, device.timeoutMs());
        }
        master.setRetries(0);
        master.setTimeout(device.timeoutMs());
    }

    @Override
    public void connect() throws Exception {
        master.connect();
    }

    @Override
    public boolean isConnected() {
        return master.isConnected();
    }

    @Override
    public int[] read(int unitId, Function function, int start, int count) throws Exception {
        int[] words = new int[count];
        switch (function) {
            case HOLDING -> copy(master.readMultipleRegisters(unitId, start, count), words);
            case INPUT -> copy(master.readInputRegisters(unitId, start, count), words);
            case COIL -> copy(master.readCoils(unitId, start, count), words);
            case DISCRETE -> copy(master.readInputDiscretes(unitId, start, count), words);
        }
        return words;
    }

    private static void copy(InputRegister[] registers, int[] into) {
        if (registers.length != into.length) {
            throw new IllegalStateException("device answered " + registers.length + " registers, " + into.length + " were asked for");
        }
        for (int i = 0; i < registers.length; i++) {
            into[i] = registers[i].getValue() & 0xffff;
        }
    }

    private static void copy(BitVector bits, int[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = bits.getBit(i) ? 1 : 0;
        }
    }

    @Override
    public void close() {
        master.disconnect();
    }
}
