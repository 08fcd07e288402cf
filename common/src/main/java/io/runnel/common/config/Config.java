package io.runnel.common.config;

import java.util.Map;

/** A validated set of values for one {@link ConfigDef}. Immutable, thread-safe. */
public final class Config {
    private final ConfigDef def;
    private final Map<String, Object> values;
    private final Map<String, String> explicit;

    Config(ConfigDef def, Map<String, Object> values, Map<String, String> explicit) {
        this.def = def;
        this.values = Map.copyOf(values);
        this.explicit = explicit;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        if (v == null || def.key(key.name()) != key) {
            throw new IllegalArgumentException("Key " + key.name() + " is not part of the " + def.scope() + " config");
        }
        return (T) v;
    }

    /** True when the user set the key (rather than it taking its default). */
    public boolean isExplicit(ConfigKey<?> key) {
        return explicit.containsKey(key.name());
    }

    /** The raw text the user supplied, for keys that were set explicitly. */
    public Map<String, String> explicitValues() {
        return explicit;
    }

    public ConfigDef definition() {
        return def;
    }
}
