package io.runnel.broker;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.TopicConfigValidator;
import io.runnel.broker.partition.PartitionConfig;
import io.runnel.common.config.ConfigKey;
import io.runnel.storage.LogConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Topic-level configuration as the broker sees it: validation of overrides (Kafka's topic keys declared by
 * storage's {@link LogConfig}, plus the partition layer's {@link PartitionConfig#TOPIC_KEYS}) and the mapping of
 * the broker's log.* defaults onto topic keys. Stateless.
 */
public final class TopicConfigs {
    private TopicConfigs() {
    }

    public static TopicConfigValidator validator() {
        return overrides -> LogConfig.fromMap(storageOverrides(overrides));
    }

    /** The broker's defaults for topic keys, by topic key name (Kafka's log.* to topic key mapping). */
    public static Map<String, String> brokerDefaults(BrokerConfig broker) {
        Map<String, String> d = new HashMap<>();
        d.put(LogConfig.RETENTION_MS.name(), String.valueOf(broker.retentionMs()));
        d.put(LogConfig.RETENTION_BYTES.name(), String.valueOf(broker.get(BrokerConfig.LOG_RETENTION_BYTES)));
        d.put(LogConfig.SEGMENT_BYTES.name(), String.valueOf(broker.get(BrokerConfig.LOG_SEGMENT_BYTES)));
        d.put(LogConfig.SEGMENT_MS.name(), String.valueOf(broker.rollMs()));
        d.put(LogConfig.FLUSH_MESSAGES.name(), String.valueOf(broker.get(BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES)));
        d.put(LogConfig.FLUSH_MS.name(), String.valueOf(broker.get(BrokerConfig.LOG_FLUSH_INTERVAL_MS)));
        d.put(LogConfig.CLEANUP_POLICY.name(), broker.get(BrokerConfig.LOG_CLEANUP_POLICY));
        d.put(LogConfig.MESSAGE_TIMESTAMP_TYPE.name(), broker.get(BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE));
        d.put(LogConfig.MAX_MESSAGE_BYTES.name(), String.valueOf(broker.get(BrokerConfig.MESSAGE_MAX_BYTES)));
        d.put(LogConfig.COMPRESSION_TYPE.name(), broker.get(BrokerConfig.COMPRESSION_TYPE));
        return d;
    }

    /** A topic's effective storage config: broker defaults, then the topic's overrides. */
    public static LogConfig logConfig(BrokerConfig broker, Map<String, String> overrides) {
        Map<String, String> merged = brokerDefaults(broker);
        merged.putAll(storageOverrides(overrides));
        return LogConfig.fromMap(merged);
    }

    /**
     * The overrides storage understands; the partition layer's own topic keys are checked here and removed.
     * An unknown key or bad value throws ConfigException naming it.
     */
    static Map<String, String> storageOverrides(Map<String, String> overrides) {
        Map<String, String> out = new HashMap<>(overrides);
        for (ConfigKey<?> key : PartitionConfig.TOPIC_KEYS) {
            String v = out.remove(key.name());
            if (v != null) {
                key.parse(v);
            }
        }
        return out;
    }
}
