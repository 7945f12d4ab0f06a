package io.derrick.protocol;

/**
 * Every message carries {@code "v"}. A receiver accepts the current version and the one before it.
 * Version 2 added the event's optional {@code alarm} key and the ALARM_ACKNOWLEDGED event type.
 */
public final class ProtocolVersion {
    public static final int CURRENT = 2;
    public static final int OLDEST_ACCEPTED = Math.max(1, CURRENT - 1);

    private ProtocolVersion() {
    }

    public static boolean accepted(int version) {
        return version >= OLDEST_ACCEPTED && version <= CURRENT;
    }
}
