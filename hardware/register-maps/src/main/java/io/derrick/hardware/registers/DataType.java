package io.derrick.hardware.registers;

/** How raw register words become a number, and back (the simulator writes what the agent reads). */
public enum DataType {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), BOOL(1);

    private final int words;

    DataType(int words) {
        this.words = words;
    }

    /** Registers (or bits, for BOOL) the value occupies. */
    public int words() {
        return words;
    }

    /** Decodes {@code words()} registers starting at {@code at}; each element holds an unsigned 16-bit word. */
    public double decode(int[] registers, int at, WordOrder order) {
        return switch (this) {
            case INT16 -> (short) registers[at];
            case UINT16 -> registers[at] & 0xffff;
            case BOOL -> registers[at] != 0 ? 1 : 0;
            case INT32 -> combine(registers, at, order);
            case UINT32 -> combine(registers, at, order) & 0xffff_ffffL;
            case FLOAT32 -> Float.intBitsToFloat(combine(registers, at, order));
        };
    }

    /** Encodes a raw value into {@code words()} registers, clamping integers to the type's range. */
    public int[] encode(double raw, WordOrder order) {
        return switch (this) {
            case INT16 -> new int[] {((int) clamp(Math.round(raw), Short.MIN_VALUE, Short.MAX_VALUE)) & 0xffff};
            case UINT16 -> new int[] {(int) clamp(Math.round(raw), 0, 0xffff)};
            case BOOL -> new int[] {raw != 0 ? 1 : 0};
            case INT32 -> split((int) clamp(Math.round(raw), Integer.MIN_VALUE, Integer.MAX_VALUE), order);
            case UINT32 -> split((int) clamp(Math.round(raw), 0, 0xffff_ffffL), order);
            case FLOAT32 -> split(Float.floatToIntBits((float) raw), order);
        };
    }

    private static int combine(int[] r, int at, WordOrder order) {
        int first = r[at] & 0xffff;
        int second = r[at + 1] & 0xffff;
        return order == WordOrder.BIG ? (first << 16) | second : (second << 16) | first;
    }

    private static int[] split(int bits, WordOrder order) {
        int high = (bits >>> 16) & 0xffff;
        int low = bits & 0xffff;
        return order == WordOrder.BIG ? new int[] {high, low} : new int[] {low, high};
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}
