package io.derrick.hardware.registers;

/**
 * One measured quantity of a device: where it is, how its words decode, and how the raw number
 * becomes an engineering value ({@code raw * scale + offset}, rounded to {@code decimals}).
 * A raw value outside {@code [validRawMin, validRawMax]} means the sensor or its wiring failed
 * (e.g. a 4-20 mA loop below 4 mA): the reading is BAD rather than a plausible-looking number.
 */
public record Point(String name, String mnemonic, String unit, String description, Function function,
                    int register, DataType type, WordOrder wordOrder, double scale, double offset,
                    double min, double max, int decimals, double validRawMin, double validRawMax,
                    String group, double deadband) {

    /** Registers (or bits) the point occupies, from {@link #register()} on. */
    public int words() {
        return type.words();
    }

    public int lastRegister() {
        return register + words() - 1;
    }

    public boolean rawIsValid(double raw) {
        return Double.isFinite(raw) && raw >= validRawMin && raw <= validRawMax;
    }

    public double toEngineering(double raw) {
        double value = raw * scale + offset;
        double factor = Math.pow(10, decimals);
        return Math.round(value * factor) / factor;
    }

    /** The raw number a device would report for an engineering value (used by the simulator). */
    public double toRaw(double engineering) {
        return (engineering - offset) / scale;
    }
}
