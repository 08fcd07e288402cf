package io.runnel.broker.metadata;

import java.util.Map;

/**
 * A topic to create. {@code configs} are topic-level overrides (already validated by the caller or validated by
 * the creator). Immutable.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, boolean internal) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
