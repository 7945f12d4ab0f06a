package io.derrick.protocol;

/**
 * The free-text fields of the protocol (units, descriptions, reasons, command arguments) and their bounds. They reach
 * people: pages, emails and logs. A decoder refuses text that is too long or holds control characters (a newline in a
 * reason could forge a log line; a bidi override could make a page lie), naming the field; an encoder fits what it writes
 * into the same bounds, so that a node never sends what a hub refuses. Escaping for a page is the page's job: the
 * protocol bounds text, it does not make it safe HTML.
 */
public final class FreeText {
    /** An engineering unit: kN, m3/min, kPa, °C. */
    public static final int UNIT = 32;
    /** A channel's description from a register map. */
    public static final int DESCRIPTION = 200;
    /** A device name from the agent's config. */
    public static final int DEVICE = 64;
    public static final int AGENT_VERSION = 64;
    public static final int CONFIG_HASH = 128;
    /** An event's reason: one or two sentences a person reads. */
    public static final int REASON = 1000;
    /** A command argument's value. */
    public static final int ARGUMENT = 200;

    private FreeText() {
    }

    /** {@code value} when it has at most {@code max} characters and no control character; else a ProtocolException. */
    public static String require(String field, String value, int max) throws ProtocolException {
        if (value.length() > max) {
            throw new ProtocolException(field, "has " + value.length() + " characters, at most " + max + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw new ProtocolException(field, String.format("holds the control character U+%04X at %d: one line of text expected", (int) c, i));
            }
        }
        return value;
    }

    /** {@code value} with every control character turned into a space and cut to {@code max} characters (ending in '…'). */
    public static String fit(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(isControl(c) ? ' ' : c);
        }
        if (value.length() > max) {
            out.setLength(max - 1);
            if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                out.setLength(out.length() - 1);
            }
            out.append('…');
        }
        return out.toString();
    }

    /** ISO controls (tab and newline among them) and the bidirectional overrides and isolates. */
    static boolean isControl(char c) {
        return Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
