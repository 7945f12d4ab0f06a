package io.derrick.edge.modbus;

import io.derrick.hardware.registers.Function;

/** A connection to one Modbus device. The j2mod masters are wrapped once here; the poller sees only this. */
public interface ModbusSession extends AutoCloseable {
    void connect() throws Exception;

    boolean isConnected();

    /** Reads {@code count} registers (or bits, as 0/1) of a table starting at {@code start}. */
    int[] read(int unitId, Function function, int start, int count) throws Exception;

    @Override
    void close();
}
