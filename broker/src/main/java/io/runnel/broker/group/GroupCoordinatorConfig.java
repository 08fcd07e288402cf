package io.runnel.broker.group;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;

/**
 * The broker configuration keys of the group coordinator, declared once here (Kafka's names where the concept is
 * Kafka's), and the parsed values the coordinator runs with. Immutable, thread-safe.
 *
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets}; a group lives on partition
 *                               {@code (groupId.hashCode() & 0x7fffffff) % offsetsTopicPartitions}
 */
public record GroupCoordinatorConfig(
        int offsetsTopicPartitions,
        int offsetsTopicSegmentBytes,
        int offsetMetadataMaxBytes,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int groupMinSessionTimeoutMs,
        int groupMaxSessionTimeoutMs,
        int groupInitialRebalanceDelayMs,
        int groupMaxSize,
        int consumerSessionTimeoutMs,
        int consumerHeartbeatIntervalMs,
        List<String> consumerAssignors,
        int consumerMaxSize,
        int threads) {

    /** The name of the internal compacted topic holding group metadata and committed offsets. */
    public static final String OFFSETS_TOPIC = "__consumer_offsets";

    public static final ConfigKey<Integer> OFFSETS_TOPIC_NUM_PARTITIONS = ConfigKey.of(
            "offsets.topic.num.partitions", ConfigType.INT, 50, Validator.between(1, 10_000),
            "Partitions of the internal __consumer_offsets topic; a group's coordinator shard is the partition "
                    + "(groupId.hashCode() & 0x7fffffff) % this. Changing it after the topic exists moves groups: do not.");
    public static final ConfigKey<Integer> OFFSETS_TOPIC_SEGMENT_BYTES = ConfigKey.of(
            "offsets.topic.segment.bytes", ConfigType.INT, 100 * 1024 * 1024, Validator.atLeast(1024 * 1024),
            "segment.bytes of the __consumer_offsets topic (small segments let compaction reclaim space early).");
    public static final ConfigKey<Integer> OFFSET_METADATA_MAX_BYTES = ConfigKey.of(
            "offset.metadata.max.bytes", ConfigType.INT, 4096, Validator.atLeast(0),
            "Largest metadata string accepted with an offset commit (OFFSET_METADATA_TOO_LARGE beyond).");
    public static final ConfigKey<Long> OFFSETS_RETENTION_MS = ConfigKey.of(
            "offsets.retention.ms", ConfigType.LONG, 7L * 24 * 60 * 60 * 1000, Validator.atLeast(1L),
            "Committed offsets of a group that has been empty this long (or of a standalone consumer, counted from "
                    + "the commit) are deleted.");
    public static final ConfigKey<Long> OFFSETS_RETENTION_CHECK_INTERVAL_MS = ConfigKey.of(
            "offsets.retention.check.interval.ms", ConfigType.LONG, 600_000L, Validator.atLeast(1L),
            "How often each coordinator shard looks for expired offsets.");
    public static final ConfigKey<Integer> GROUP_MIN_SESSION_TIMEOUT_MS = ConfigKey.of(
            "group.min.session.timeout.ms", ConfigType.INT, 6000, Validator.atLeast(1),
            "Smallest session timeout a classic group member may ask for (INVALID_SESSION_TIMEOUT below).");
    public static final ConfigKey<Integer> GROUP_MAX_SESSION_TIMEOUT_MS = ConfigKey.of(
            "group.max.session.timeout.ms", ConfigType.INT, 1_800_000, Validator.atLeast(1),
            "Largest session timeout a classic group member may ask for (INVALID_SESSION_TIMEOUT above).");
    public static final ConfigKey<Integer> GROUP_INITIAL_REBALANCE_DELAY_MS = ConfigKey.of(
            "group.initial.rebalance.delay.ms", ConfigType.INT, 3000, Validator.atLeast(0),
            "How long the first rebalance of an empty classic group waits for more members to join (restarted by "
                    + "each new member, bounded by the rebalance timeout).");
    public static final ConfigKey<Integer> GROUP_MAX_SIZE = ConfigKey.of(
            "group.max.size", ConfigType.INT, Integer.MAX_VALUE, Validator.atLeast(1),
            "Most members a classic group accepts (GROUP_MAX_SIZE_REACHED beyond).");
    public static final ConfigKey<Integer> CONSUMER_SESSION_TIMEOUT_MS = ConfigKey.of(
            "group.consumer.session.timeout.ms", ConfigType.INT, 45_000, Validator.atLeast(1),
            "Session timeout of consumer-protocol (KIP-848) members: a member without heartbeat this long is "
                    + "removed and its partitions reassigned.");
    public static final ConfigKey<Integer> CONSUMER_HEARTBEAT_INTERVAL_MS = ConfigKey.of(
            "group.consumer.heartbeat.interval.ms", ConfigType.INT, 5000, Validator.atLeast(1),
            "Heartbeat interval told to consumer-protocol members (they learn of new assignments this often).");
    public static final ConfigKey<List<String>> CONSUMER_ASSIGNORS = ConfigKey.of(
            "group.consumer.assignors", ConfigType.LIST, List.of("uniform", "range"),
            Validator.subsetOf("uniform", "range"),
            "Server-side assignors of consumer-protocol groups; the first is the default when a member names none.");
    public static final ConfigKey<Integer> CONSUMER_MAX_SIZE = ConfigKey.of(
            "group.consumer.max.size", ConfigType.INT, Integer.MAX_VALUE, Validator.atLeast(1),
            "Most members a consumer-protocol group accepts (GROUP_MAX_SIZE_REACHED beyond).");
    public static final ConfigKey<Integer> COORDINATOR_THREADS = ConfigKey.of(
            "runnel.group.coordinator.threads", ConfigType.INT, 1, Validator.between(1, 64),
            "Threads running the group coordinator shards; each shard is pinned to one thread.");

    /** Every key above, for the broker's ConfigDef. */
    public static final List<ConfigKey<?>> KEYS = List.of(OFFSETS_TOPIC_NUM_PARTITIONS, OFFSETS_TOPIC_SEGMENT_BYTES,
            OFFSET_METADATA_MAX_BYTES, OFFSETS_RETENTION_MS, OFFSETS_RETENTION_CHECK_INTERVAL_MS,
            GROUP_MIN_SESSION_TIMEOUT_MS, GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_INITIAL_REBALANCE_DELAY_MS,
            GROUP_MAX_SIZE, CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_ASSIGNORS, CONSUMER_MAX_SIZE,
            COORDINATOR_THREADS);

    public static GroupCoordinatorConfig from(Config config) {
        return new GroupCoordinatorConfig(config.get(OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(OFFSETS_TOPIC_SEGMENT_BYTES), config.get(OFFSET_METADATA_MAX_BYTES),
                config.get(OFFSETS_RETENTION_MS), config.get(OFFSETS_RETENTION_CHECK_INTERVAL_MS),
                config.get(GROUP_MIN_SESSION_TIMEOUT_MS), config.get(GROUP_MAX_SESSION_TIMEOUT_MS),
                config.get(GROUP_INITIAL_REBALANCE_DELAY_MS), config.get(GROUP_MAX_SIZE),
                config.get(CONSUMER_SESSION_TIMEOUT_MS), config.get(CONSUMER_HEARTBEAT_INTERVAL_MS),
                List.copyOf(config.get(CONSUMER_ASSIGNORS)), config.get(CONSUMER_MAX_SIZE),
                config.get(COORDINATOR_THREADS));
    }

    /** The defaults of every key (tests override with the wither-style copies they need). */
    public static GroupCoordinatorConfig defaults() {
        return new GroupCoordinatorConfig(50, 100 * 1024 * 1024, 4096, 7L * 24 * 60 * 60 * 1000, 600_000L, 6000,
                1_800_000, 3000, Integer.MAX_VALUE, 45_000, 5000, List.of("uniform", "range"),
                Integer.MAX_VALUE, 1);
    }

    public GroupCoordinatorConfig withOffsetsTopicPartitions(int partitions) {
        return new GroupCoordinatorConfig(partitions, offsetsTopicSegmentBytes, offsetMetadataMaxBytes,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs, groupInitialRebalanceDelayMs, groupMaxSize, consumerSessionTimeoutMs,
                consumerHeartbeatIntervalMs,
                consumerAssignors, consumerMaxSize, threads);
    }

    public GroupCoordinatorConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupCoordinatorConfig(offsetsTopicPartitions, offsetsTopicSegmentBytes, offsetMetadataMaxBytes,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs, delayMs, groupMaxSize, consumerSessionTimeoutMs, consumerHeartbeatIntervalMs,
                consumerAssignors, consumerMaxSize, threads);
    }
}
