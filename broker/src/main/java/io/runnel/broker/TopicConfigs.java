package io.runnel.broker;

import io.runnel.broker.metadata.TopicConfigValidator;

/**
 * Topic-level configuration as the broker sees it: validation of overrides and (once storage's LogConfig is on
 * main) the mapping of the broker's log.* defaults onto topic keys. Stateless.
 */
public final class TopicConfigs {
    private TopicConfigs() {
    }

    public static TopicConfigValidator validator() {
        return overrides -> {
        };
    }
}
