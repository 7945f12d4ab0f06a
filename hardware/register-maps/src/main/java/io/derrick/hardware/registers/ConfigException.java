package io.derrick.hardware.registers;

/**
 * A configuration or data file that cannot be used. The message names the file, the field path
 * (e.g. {@code devices[1].port}) and what is allowed, so a field engineer can fix it without the source.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
