package io.derrick.protocol;

import java.util.regex.Pattern;

/**
 * Rig, node and channel identifiers. They become MQTT topic levels and database keys, so they are
 * restricted to lower-case letters, digits, '-' and '_' (no '/', '+', '#', no spaces).
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** WITSML-style mnemonics are upper case (HKLD, SPPA); digits allow SPM1, SPM2. */
    private static final Pattern CHANNEL = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    /** Alarm keys: dotted words, e.g. limit.SPPA.high, kick, model.drilling. */
    private static final Pattern ALARM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    /** Names of an event's figures and a command's arguments: droppedReadings, ratePerS, raisedAt. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private Ids() {
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isValidChannel(String channel) {
        return channel != null && CHANNEL.matcher(channel).matches();
    }

    public static String requireId(String field, String id) throws ProtocolException {
        if (!isValidId(id)) {
            throw new ProtocolException(field, "must be 1-64 characters of a-z, 0-9, '-' or '_' starting with a letter or digit, got " + quote(id));
        }
        return id;
    }

    public static String requireChannel(String field, String channel) throws ProtocolException {
        if (!isValidChannel(channel)) {
            throw new ProtocolException(field, "must be an upper-case mnemonic of 1-32 characters (A-Z, 0-9, '_'), got " + quote(channel));
        }
        return channel;
    }

    public static boolean isValidAlarmKey(String key) {
        return key != null && ALARM.matcher(key).matches();
    }

    public static String requireAlarmKey(String field, String key) throws ProtocolException {
        if (!isValidAlarmKey(key)) {
            throw new ProtocolException(field, "must be 1-80 characters of letters, digits, '.', '-' or '_', got " + quote(key));
        }
        return key;
    }

    /** A figure's or an argument's name: a letter, then up to 63 letters, digits or '_'; else a ProtocolException in {@code field}. */
    public static String requireName(String field, String name) throws ProtocolException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProtocolException(field, "names are a letter and up to 63 letters, digits or '_', got " + quote(name));
        }
        return name;
    }

    /** The offending value for an error message: shortened, control characters shown as spaces. */
    static String quote(String s) {
        return s == null ? "nothing" : "'" + FreeText.fit(s, 40) + "'";
    }
}
