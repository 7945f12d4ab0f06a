package io.derrick.hub.ingest;

import java.sql.SQLException;

/** The database, not the message, is the problem: nothing was stored, nothing may be acknowledged. */
public final class TransientStoreException extends Exception {
    public TransientStoreException(SQLException cause) {
        super("database unavailable: " + cause.getMessage(), cause);
    }
}
