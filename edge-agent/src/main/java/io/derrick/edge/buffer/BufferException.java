package io.derrick.edge.buffer;

/** The buffer's storage failed (disk full, file corrupt). Nothing can be guaranteed past this. */
public final class BufferException extends RuntimeException {
    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
