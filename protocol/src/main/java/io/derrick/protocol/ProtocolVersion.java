package io.derrick.protocol;

/**
 * Every message carries {@code "v"}. A receiver accepts the current version and the one before it, so the hub is
 * upgraded first and the rigs after.
 * Version 2 added the event's optional {@code alarm} key and the ALARM_ACKNOWLEDGED event type.
 * Version 3 added the data batch's {@code backlog} (readings the node's buffer held when it sent the batch), bounded
 * the free-text fields ({@link FreeText}) and writes every instant in milliseconds.
 */
public final class ProtocolVersion {
    public static final int CURRENT = 3;
    public static final int OLDEST_ACCEPTED = Math.max(1, CURRENT - 1);

    private ProtocolVersion() {
    }

    public static boolean accepted(int version) {
        return version >= OLDEST_ACCEPTED && version <= CURRENT;
    }
}
