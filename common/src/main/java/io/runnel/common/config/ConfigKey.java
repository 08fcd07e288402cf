package io.runnel.common.config;

import java.util.Objects;

/**
 * One configuration key, declared once: name, type, default, validator and the doc string from which the
 * configuration reference is generated. Immutable, thread-safe.
 *
 * @param <T> the Java type of the value (Boolean, Integer, Long, Double, String, List&lt;String&gt;)
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType type;
    private final T defaultValue;
    private final Validator<T> validator;
    private final String doc;

    private ConfigKey(String name, ConfigType type, T defaultValue, Validator<T> validator, String doc) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.validator = Objects.requireNonNull(validator);
        this.doc = Objects.requireNonNull(doc);
        if (defaultValue != null) {
            validator.throwIfInvalid(name, defaultValue);
        }
    }

    /** A key whose default is {@code defaultValue}; null means "no default: must be set". */
    public static <T> ConfigKey<T> of(String name, ConfigType type, T defaultValue, Validator<T> validator, String doc) {
        return new ConfigKey<>(name, type, defaultValue, validator, doc);
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Validator<T> validator() {
        return validator;
    }

    public String doc() {
        return doc;
    }

    /** Parses and validates text; the exception message names this key and what it accepts. */
    @SuppressWarnings("unchecked")
    public T parse(String text) {
        T value;
        try {
            value = (T) type.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(name, text, "must be " + type.description()
                    + (validator.describe().equals("any value") ? "" : ", " + validator.describe()));
        }
        validator.throwIfInvalid(name, value);
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
