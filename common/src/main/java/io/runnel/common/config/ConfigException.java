package io.runnel.common.config;

/** A configuration value is missing, unknown or invalid. The message names the key and what is accepted. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public static ConfigException invalid(String key, Object value, String accepted) {
        return new ConfigException(key, "Invalid value '" + value + "' for configuration '" + key + "': " + accepted);
    }

    /** The configuration key at fault, or null when the fault is not tied to one key. */
    public String key() {
        return key;
    }
}
