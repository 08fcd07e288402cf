package io.runnel.common.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered set of {@link ConfigKey}s (for example all broker keys, or all topic keys). Parses user-supplied text
 * maps into a validated {@link Config}, and renders the reference table for docs/. Immutable once built.
 */
public final class ConfigDef {
    private final String scope;
    private final Map<String, ConfigKey<?>> keys;

    private ConfigDef(String scope, Map<String, ConfigKey<?>> keys) {
        this.scope = scope;
        this.keys = Collections.unmodifiableMap(keys);
    }

    public static ConfigDef of(String scope, List<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (map.put(key.name(), key) != null) {
                throw new IllegalArgumentException("Configuration key declared twice: " + key.name());
            }
        }
        return new ConfigDef(scope, map);
    }

    /** "broker" or "topic": used in messages. */
    public String scope() {
        return scope;
    }

    public Collection<ConfigKey<?>> keys() {
        return keys.values();
    }

    public ConfigKey<?> key(String name) {
        return keys.get(name);
    }

    public boolean contains(String name) {
        return keys.containsKey(name);
    }

    /**
     * Parses every entry; an unknown key or a bad value throws {@link ConfigException} naming the key.
     * Keys not given take their defaults; a key without default that is not given is an error.
     */
    public Config parse(Map<String, String> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            ConfigKey<?> key = keys.get(e.getKey());
            if (key == null) {
                throw new ConfigException(e.getKey(), "Unknown " + scope + " configuration '" + e.getKey() + "'");
            }
            values.put(key.name(), key.parse(Objects.requireNonNull(e.getValue(), e.getKey())));
        }
        for (ConfigKey<?> key : keys.values()) {
            if (!values.containsKey(key.name())) {
                if (key.defaultValue() == null) {
                    throw new ConfigException(key.name(), "Missing required " + scope + " configuration '"
                            + key.name() + "' (" + key.type().description() + ")");
                }
                values.put(key.name(), key.defaultValue());
            }
        }
        return new Config(this, values, Map.copyOf(raw));
    }

    /** A Markdown table of every key: name, type, default, accepted values, doc. */
    public String toMarkdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | type | default | accepted | description |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (ConfigKey<?> key : keys.values()) {
            sb.append("| `").append(key.name()).append("` | ")
                    .append(key.type().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(key.defaultValue() == null ? "(required)" : "`" + render(key.defaultValue()) + "`")
                    .append(" | ").append(key.validator().describe().replace("|", "\\|"))
                    .append(" | ").append(key.doc().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static String render(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
