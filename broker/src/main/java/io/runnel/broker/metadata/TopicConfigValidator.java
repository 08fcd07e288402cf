package io.runnel.broker.metadata;

import java.util.Map;

/**
 * Checks topic-level overrides before they are written to the metadata log. Throws
 * {@link io.runnel.common.config.ConfigException} naming the first bad key. Thread-safe, no I/O.
 */
@FunctionalInterface
public interface TopicConfigValidator {
    void validate(Map<String, String> overrides);
}
