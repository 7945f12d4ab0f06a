package io.derrick.hardware.registers;

/** The Modbus table a point lives in; each has its own read function code. */
public enum Function {
    /** FC 3, 4xxxx. */
    HOLDING,
    /** FC 4, 3xxxx. */
    INPUT,
    /** FC 1, 0xxxx. */
    COIL,
    /** FC 2, 1xxxx. */
    DISCRETE;

    public boolean isBit() {
        return this == COIL || this == DISCRETE;
    }
}
