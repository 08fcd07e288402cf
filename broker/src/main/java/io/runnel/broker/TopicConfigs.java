package io.runnel.broker;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.TopicConfigValidator;
import io.runnel.broker.partition.PartitionConfig;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigException;
import io.runnel.common.config.ConfigKey;
import io.runnel.storage.LogConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic-level configuration as the broker sees it: the topic keys (Kafka's, declared by storage's
 * {@link LogConfig}, plus the partition layer's {@link PartitionConfig#TOPIC_KEYS} and the share groups'
 * {@code errors.deadletterqueue.group.enable}), the broker's {@code log.*} keys
 * that set their defaults (Kafka's synonyms: {@code log.retention.ms} for {@code retention.ms}, ...), validation of
 * overrides, the effective storage config of a topic, and the effective values with their source for
 * DescribeConfigs.
 *
 * <p>Effective value of a topic key: the topic's override, else the broker synonym, else the key's own default.
 * Immutable, thread-safe.
 */
public final class TopicConfigs implements TopicConfigValidator {

    /** Where a value comes from, with Kafka's DescribeConfigs source codes. */
    public enum Source {
        TOPIC_CONFIG((byte) 1), STATIC_BROKER_CONFIG((byte) 4), DEFAULT_CONFIG((byte) 5);

        private final byte code;

        Source(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }
    }

    /** One value a key could take, in precedence order. */
    public record Synonym(String name, String value, Source source) {
    }

    /** A described key: effective value and source, then every synonym in precedence order. */
    public record Entry(ConfigKey<?> key, String value, Source source, List<Synonym> synonyms) {
    }

    /** Topic key -> the broker key that sets its default. */
    private static final Map<String, ConfigKey<?>> BROKER_SYNONYMS = Map.of(
            "segment.bytes", BrokerConfig.LOG_SEGMENT_BYTES,
            "segment.ms", BrokerConfig.LOG_ROLL_MS,
            "retention.ms", BrokerConfig.LOG_RETENTION_MS,
            "retention.bytes", BrokerConfig.LOG_RETENTION_BYTES,
            "flush.messages", BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES,
            "flush.ms", BrokerConfig.LOG_FLUSH_INTERVAL_MS,
            "cleanup.policy", BrokerConfig.LOG_CLEANUP_POLICY,
            "message.timestamp.type", BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE,
            "max.message.bytes", BrokerConfig.MESSAGE_MAX_BYTES,
            "compression.type", BrokerConfig.COMPRESSION_TYPE);

    /** Topic keys of the broker's layers (partition, share groups): not storage's business. */
    private static final List<ConfigKey<?>> BROKER_LAYER_KEYS = concat(PartitionConfig.TOPIC_KEYS,
            io.runnel.broker.group.ShareGroupConfig.TOPIC_KEYS);

    private static List<ConfigKey<?>> concat(List<ConfigKey<?>> a, List<ConfigKey<?>> b) {
        List<ConfigKey<?>> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Every topic key: storage's, then the broker layers' (partition, share groups). */
    public static final ConfigDef TOPIC_DEF = buildTopicDef();

    private final ConfigDef topicDef;
    private final BrokerConfig broker;
    private final Map<String, String> defaults;

    /** @throws ConfigException naming the broker key when a broker default is not a valid topic value */
    public TopicConfigs(BrokerConfig broker) {
        this(TOPIC_DEF, broker);
    }

    /**
     * @param topicDef the topic keys
     * @throws ConfigException naming the broker key when a broker default is not a valid topic value
     */
    public TopicConfigs(ConfigDef topicDef, BrokerConfig broker) {
        this.topicDef = topicDef;
        this.broker = broker;
        Map<String, String> d = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigKey<?>> e : BROKER_SYNONYMS.entrySet()) {
            if (topicDef.contains(e.getKey())) {
                d.put(e.getKey(), brokerValue(e.getValue()));
            }
        }
        this.defaults = Map.copyOf(d);
        try {
            topicDef.parse(defaults);
        } catch (ConfigException e) {
            ConfigKey<?> brokerKey = BROKER_SYNONYMS.get(e.key());
            throw brokerKey == null ? e : new ConfigException(brokerKey.name(), e.getMessage()
                    .replace("'" + e.key() + "'", "'" + brokerKey.name() + "'"));
        }
    }

    private static ConfigDef buildTopicDef() {
        List<ConfigKey<?>> keys = new ArrayList<>(LogConfig.DEF.keys());
        keys.addAll(BROKER_LAYER_KEYS);
        return ConfigDef.of("topic", keys);
    }

    public ConfigDef topicDef() {
        return topicDef;
    }

    /** The broker's defaults for topic keys, by topic key name (Kafka's log.* to topic key mapping). */
    public static Map<String, String> brokerDefaults(BrokerConfig broker) {
        return new TopicConfigs(broker).brokerDefaults();
    }

    /** A topic's effective storage config: broker defaults, then the topic's overrides. */
    public static LogConfig logConfig(BrokerConfig broker, Map<String, String> overrides) {
        return new TopicConfigs(broker).logConfig(overrides);
    }

    /** A topic's effective storage config: broker defaults, then the topic's overrides (partition keys left out). */
    public LogConfig logConfig(Map<String, String> overrides) {
        Map<String, String> merged = effective(overrides);
        for (ConfigKey<?> key : BROKER_LAYER_KEYS) {
            merged.remove(key.name());
        }
        return LogConfig.fromMap(merged);
    }

    /** The topic-key values the broker config sets (only keys with a broker synonym). */
    public Map<String, String> brokerDefaults() {
        return defaults;
    }

    /** The text map to build a topic's storage config from: broker defaults, then the topic's overrides. */
    public Map<String, String> effective(Map<String, String> overrides) {
        Map<String, String> out = new HashMap<>(defaults);
        out.putAll(overrides);
        return out;
    }

    /** Throws ConfigException naming the first unknown key or bad value among the overrides. */
    @Override
    public void validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                throw new ConfigException(e.getKey(), "Null value for topic configuration '" + e.getKey() + "'");
            }
        }
        topicDef.parse(effective(overrides));
    }

    /** Every topic key with its effective value, source and synonyms. */
    public List<Entry> describe(Map<String, String> overrides) {
        List<Entry> out = new ArrayList<>();
        for (ConfigKey<?> key : topicDef.keys()) {
            List<Synonym> synonyms = new ArrayList<>(3);
            String override = overrides.get(key.name());
            if (override != null) {
                synonyms.add(new Synonym(key.name(), override, Source.TOPIC_CONFIG));
            }
            ConfigKey<?> brokerKey = BROKER_SYNONYMS.get(key.name());
            if (brokerKey != null) {
                Source source = broker.config().isExplicit(brokerKey) ? Source.STATIC_BROKER_CONFIG
                        : Source.DEFAULT_CONFIG;
                synonyms.add(new Synonym(brokerKey.name(), brokerValue(brokerKey), source));
            } else {
                synonyms.add(new Synonym(key.name(), render(key.defaultValue()), Source.DEFAULT_CONFIG));
            }
            Synonym winner = synonyms.get(0);
            out.add(new Entry(key, winner.value(), winner.source(), synonyms));
        }
        return out;
    }

    /** The effective broker value of a synonym key (retention and roll apply Kafka's ms/minutes/hours rules). */
    private String brokerValue(ConfigKey<?> brokerKey) {
        if (brokerKey == BrokerConfig.LOG_RETENTION_MS) {
            return Long.toString(broker.retentionMs());
        }
        if (brokerKey == BrokerConfig.LOG_ROLL_MS) {
            return Long.toString(broker.rollMs());
        }
        return render(broker.get(brokerKey));
    }

    /** Text form of a parsed value, as a user would write it. */
    public static String render(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
