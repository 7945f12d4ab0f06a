package io.derrick.protocol;

/**
 * Quality of one reading, one character on the wire. A non-GOOD reading may carry no value (NaN).
 * STALE: the device stopped answering, the value is the last one known (or none).
 * BAD: the device answered but the value is unusable (under/over range, sensor fault).
 */
public enum Quality {
    GOOD('G'),
    STALE('S'),
    BAD('B');

    private final char code;

    Quality(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Quality fromCode(char code) {
        return switch (code) {
            case 'G' -> GOOD;
            case 'S' -> STALE;
            case 'B' -> BAD;
            default -> null;
        };
    }
}
