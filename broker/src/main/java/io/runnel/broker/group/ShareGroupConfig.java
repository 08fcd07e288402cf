package io.runnel.broker.group;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;
import java.util.Map;

/**
 * Share groups (KIP-932): the broker-wide defaults (Kafka's {@code group.share.*} names), and the group-level keys
 * a group may override with IncrementalAlterConfigs on a GROUP resource (Kafka's {@code share.*} names). Immutable,
 * thread-safe.
 */
public record ShareGroupConfig(int recordLockDurationMs, int deliveryCountLimit, int partitionMaxRecordLocks,
                               int sessionTimeoutMs, int heartbeatIntervalMs, String deadLetterTopicPrefix,
                               long delayBucketMs) {

    public static final ConfigKey<Integer> RECORD_LOCK_DURATION_MS = ConfigKey.of(
            "group.share.record.lock.duration.ms", ConfigType.INT, 30_000, Validator.between(1000, 3_600_000),
            "How long a share-group member holds the records it acquired before they are released for delivery to "
                    + "another member (the acquisition lock); a group overrides it with share.record.lock.duration.ms.");
    public static final ConfigKey<Integer> DELIVERY_COUNT_LIMIT = ConfigKey.of(
            "group.share.delivery.count.limit", ConfigType.INT, 5, Validator.between(2, 10),
            "Deliveries of one record to share-group members before it is archived (never delivered again); a group "
                    + "overrides it with share.delivery.count.limit.");
    public static final ConfigKey<Integer> PARTITION_MAX_RECORD_LOCKS = ConfigKey.of(
            "group.share.partition.max.record.locks", ConfigType.INT, 2000, Validator.between(100, 100_000),
            "Most records of one partition in flight for one share group (between the share-partition start and "
                    + "end offsets): bounds the delivery state kept and persisted per partition.");
    public static final ConfigKey<Integer> SESSION_TIMEOUT_MS = ConfigKey.of(
            "group.share.session.timeout.ms", ConfigType.INT, 45_000, Validator.atLeast(1),
            "A share-group member without heartbeat this long is removed; the records it held are released.");
    public static final ConfigKey<Integer> HEARTBEAT_INTERVAL_MS = ConfigKey.of(
            "group.share.heartbeat.interval.ms", ConfigType.INT, 5000, Validator.atLeast(1),
            "Heartbeat interval told to share-group members.");

    public static final ConfigKey<String> DEAD_LETTER_TOPIC_PREFIX = ConfigKey.of(
            "errors.deadletterqueue.topic.name.prefix", ConfigType.STRING, "dlq.", Validator.any(),
            "Dead-letter topics of share groups (KIP-1191) must have names starting with this prefix (empty: any "
                    + "name), so that a group cannot make the broker write onto an arbitrary topic.");

    public static final ConfigKey<Long> DELAY_BUCKET_MS = ConfigKey.of(
            "runnel.share.delay.bucket.ms", ConfigType.LONG, 60_000L, Validator.between(100L, 86_400_000L),
            "Width of the time buckets of the on-disk index of delayed records (runnel.deliver.at / "
                    + "runnel.deliver.after.ms headers) per share group and partition: one file per bucket, and only "
                    + "due buckets are read into memory, so wider buckets mean fewer files but more memory per bucket.");

    public static final List<ConfigKey<?>> KEYS = List.of(RECORD_LOCK_DURATION_MS, DELIVERY_COUNT_LIMIT,
            PARTITION_MAX_RECORD_LOCKS, SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, DEAD_LETTER_TOPIC_PREFIX,
            DELAY_BUCKET_MS);

    // ------------------------------------------------------------ topic-level key

    public static final ConfigKey<Boolean> TOPIC_DEAD_LETTER_ENABLE = ConfigKey.of(
            "errors.deadletterqueue.group.enable", ConfigType.BOOLEAN, false, Validator.any(),
            "Whether share groups may use this topic as their dead-letter topic (KIP-1191): the topic's owner opts "
                    + "in.");

    /** Topic keys declared by share groups. */
    public static final List<ConfigKey<?>> TOPIC_KEYS = List.of(TOPIC_DEAD_LETTER_ENABLE);

    // ------------------------------------------------------------ group-level keys (ConfigResource.Type.GROUP)

    public static final ConfigKey<Integer> GROUP_RECORD_LOCK_DURATION_MS = ConfigKey.of(
            "share.record.lock.duration.ms", ConfigType.INT, 30_000, Validator.between(1000, 3_600_000),
            "Acquisition lock duration of this share group (default: group.share.record.lock.duration.ms).");
    public static final ConfigKey<Integer> GROUP_DELIVERY_COUNT_LIMIT = ConfigKey.of(
            "share.delivery.count.limit", ConfigType.INT, 5, Validator.between(2, 10),
            "Delivery attempts of one record in this share group (default: group.share.delivery.count.limit).");
    public static final ConfigKey<String> GROUP_AUTO_OFFSET_RESET = ConfigKey.of(
            "share.auto.offset.reset", ConfigType.STRING, "latest", Validator.oneOf("latest", "earliest"),
            "Where a share group starts on a partition it has no state for: the log end (latest) or start (earliest).");
    public static final ConfigKey<String> GROUP_ISOLATION_LEVEL = ConfigKey.of(
            "share.isolation.level", ConfigType.STRING, "read_uncommitted",
            Validator.oneOf("read_uncommitted", "read_committed"),
            "Transactional isolation of share-group deliveries. Runnel has no transactions yet, so both deliver the "
                    + "same records.");
    public static final ConfigKey<Integer> GROUP_SESSION_TIMEOUT_MS = ConfigKey.of(
            "share.session.timeout.ms", ConfigType.INT, 45_000, Validator.atLeast(1),
            "Session timeout of this share group's members (default: group.share.session.timeout.ms).");
    public static final ConfigKey<Integer> GROUP_HEARTBEAT_INTERVAL_MS = ConfigKey.of(
            "share.heartbeat.interval.ms", ConfigType.INT, 5000, Validator.atLeast(1),
            "Heartbeat interval of this share group's members (default: group.share.heartbeat.interval.ms).");

    public static final ConfigKey<String> GROUP_DEAD_LETTER_TOPIC = ConfigKey.of(
            "errors.deadletterqueue.topic.name", ConfigType.STRING, "", Validator.any(),
            "The share group's dead-letter topic (KIP-1191; empty: none): rejected records and records over the "
                    + "delivery limit are written there with __dlq.errors.* headers. The topic must exist, start "
                    + "with errors.deadletterqueue.topic.name.prefix and have errors.deadletterqueue.group.enable=true.");
    public static final ConfigKey<Boolean> GROUP_DEAD_LETTER_COPY_RECORD = ConfigKey.of(
            "errors.deadletterqueue.copy.record.enable", ConfigType.BOOLEAN, false, Validator.any(),
            "Whether dead-letter records carry the original key, value and headers (false: headers only).");

    public static final ConfigKey<Boolean> GROUP_KEY_SHARED = ConfigKey.of(
            "runnel.share.key.shared", ConfigType.BOOLEAN, false, Validator.any(),
            "Key-shared delivery for this share group: all records of one key go to one member at a time, in offset "
                    + "order, while keys spread over the members (records without a key are not constrained).");

    /** Keys a share group accepts as group configs. */
    public static final List<ConfigKey<?>> GROUP_KEYS = List.of(GROUP_RECORD_LOCK_DURATION_MS,
            GROUP_DELIVERY_COUNT_LIMIT, GROUP_AUTO_OFFSET_RESET, GROUP_ISOLATION_LEVEL, GROUP_SESSION_TIMEOUT_MS,
            GROUP_HEARTBEAT_INTERVAL_MS, GROUP_DEAD_LETTER_TOPIC, GROUP_DEAD_LETTER_COPY_RECORD, GROUP_KEY_SHARED);

    public static ShareGroupConfig from(Config config) {
        return new ShareGroupConfig(config.get(RECORD_LOCK_DURATION_MS), config.get(DELIVERY_COUNT_LIMIT),
                config.get(PARTITION_MAX_RECORD_LOCKS), config.get(SESSION_TIMEOUT_MS),
                config.get(HEARTBEAT_INTERVAL_MS), config.get(DEAD_LETTER_TOPIC_PREFIX),
                config.get(DELAY_BUCKET_MS));
    }

    public static ShareGroupConfig defaults() {
        return new ShareGroupConfig(30_000, 5, 2000, 45_000, 5000, "dlq.", 60_000L);
    }

    /** The group-level key of that name, or null. */
    public static ConfigKey<?> groupKey(String name) {
        for (ConfigKey<?> k : GROUP_KEYS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The broker-wide default of a group-level key. */
    public String brokerDefault(ConfigKey<?> groupKey) {
        if (groupKey == GROUP_RECORD_LOCK_DURATION_MS) {
            return String.valueOf(recordLockDurationMs);
        } else if (groupKey == GROUP_DELIVERY_COUNT_LIMIT) {
            return String.valueOf(deliveryCountLimit);
        } else if (groupKey == GROUP_SESSION_TIMEOUT_MS) {
            return String.valueOf(sessionTimeoutMs);
        } else if (groupKey == GROUP_HEARTBEAT_INTERVAL_MS) {
            return String.valueOf(heartbeatIntervalMs);
        }
        return String.valueOf(groupKey.defaultValue());
    }

    /** The effective value of a group-level key for a group with {@code overrides}. */
    public <T> T effective(Map<String, String> overrides, ConfigKey<T> groupKey) {
        String set = overrides.get(groupKey.name());
        return groupKey.parse(set != null ? set : brokerDefault(groupKey));
    }
}
