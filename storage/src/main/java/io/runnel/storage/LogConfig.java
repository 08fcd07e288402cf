package io.runnel.storage;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;

/**
 * Topic-level log settings: Kafka's topic configuration keys, declared once in {@link #DEF} (the docs table
 * docs/config-topic.md is generated from it). The broker maps its {@code log.*} defaults onto these names and
 * layers the topic's overrides on top before calling {@link #fromMap}.
 *
 * <p>Immutable, thread-safe. A {@link PartitionLog} reads its current config through a volatile field, so
 * {@link PartitionLog#updateConfig} takes effect on the next append, roll, flush check or retention pass.
 */
public final class LogConfig {
    public static final String POLICY_DELETE = "delete";
    public static final String POLICY_COMPACT = "compact";

    public static final ConfigKey<List<String>> CLEANUP_POLICY = ConfigKey.of("cleanup.policy", ConfigType.LIST,
            List.of(POLICY_DELETE), Validator.subsetOf(POLICY_DELETE, POLICY_COMPACT),
            "What happens to old segments: 'delete' removes whole segments past retention.ms/retention.bytes; "
                    + "'compact' keeps the latest record per key; 'compact,delete' does both.");
    public static final ConfigKey<Integer> SEGMENT_BYTES = ConfigKey.of("segment.bytes", ConfigType.INT,
            1024 * 1024 * 1024, Validator.atLeast(64),
            "Size at which the active segment is rolled (a batch larger than this gets a segment of its own).");
    public static final ConfigKey<Long> SEGMENT_MS = ConfigKey.of("segment.ms", ConfigType.LONG,
            7L * 24 * 60 * 60 * 1000, Validator.atLeast(1L),
            "Age (from the first batch's max timestamp) after which a non-empty active segment is rolled on the next append.");
    public static final ConfigKey<Integer> SEGMENT_INDEX_BYTES = ConfigKey.of("segment.index.bytes", ConfigType.INT,
            10 * 1024 * 1024, Validator.atLeast(12),
            "Preallocated size of each segment's offset and time index; a full index rolls the segment.");
    public static final ConfigKey<Integer> INDEX_INTERVAL_BYTES = ConfigKey.of("index.interval.bytes",
            ConfigType.INT, 4096, Validator.atLeast(0),
            "Bytes of log between two index entries (sparser index = smaller index, longer scans on lookup).");
    public static final ConfigKey<Long> RETENTION_MS = ConfigKey.of("retention.ms", ConfigType.LONG,
            7L * 24 * 60 * 60 * 1000, Validator.atLeast(-1L),
            "A non-active segment whose largest timestamp is older than this is deleted (-1: no time limit).");
    public static final ConfigKey<Long> RETENTION_BYTES = ConfigKey.of("retention.bytes", ConfigType.LONG, -1L,
            Validator.atLeast(-1L),
            "Oldest non-active segments are deleted while the partition is larger than this (-1: no size limit).");
    public static final ConfigKey<Long> FLUSH_MESSAGES = ConfigKey.of("flush.messages", ConfigType.LONG,
            Long.MAX_VALUE, Validator.atLeast(1L),
            "fsync after this many records appended since the last fsync (default: leave it to the OS).");
    public static final ConfigKey<Long> FLUSH_MS = ConfigKey.of("flush.ms", ConfigType.LONG, Long.MAX_VALUE,
            Validator.atLeast(0L),
            "fsync when unflushed data is older than this (checked every log.flush.scheduler.interval.ms).");
    public static final ConfigKey<Long> DELETE_RETENTION_MS = ConfigKey.of("delete.retention.ms", ConfigType.LONG,
            24L * 60 * 60 * 1000, Validator.atLeast(0L),
            "How long a tombstone survives after the cleaner first saw it, so consumers can observe the delete.");
    public static final ConfigKey<Double> MIN_CLEANABLE_DIRTY_RATIO = ConfigKey.of("min.cleanable.dirty.ratio",
            ConfigType.DOUBLE, 0.5, Validator.between(0.0, 1.0),
            "The cleaner compacts a log once dirty bytes / (clean + dirty bytes) of its non-active segments reach this.");
    public static final ConfigKey<Long> MIN_COMPACTION_LAG_MS = ConfigKey.of("min.compaction.lag.ms",
            ConfigType.LONG, 0L, Validator.atLeast(0L),
            "A segment is only compacted once its largest timestamp is at least this old.");
    public static final ConfigKey<Long> MAX_COMPACTION_LAG_MS = ConfigKey.of("max.compaction.lag.ms",
            ConfigType.LONG, Long.MAX_VALUE, Validator.atLeast(1L),
            "A log whose oldest dirty segment is older than this is compacted whatever its dirty ratio.");
    public static final ConfigKey<String> MESSAGE_TIMESTAMP_TYPE = ConfigKey.of("message.timestamp.type",
            ConfigType.STRING, "CreateTime", Validator.oneOf("CreateTime", "LogAppendTime"),
            "CreateTime keeps the producer's timestamps; LogAppendTime makes the log stamp each batch on append.");
    public static final ConfigKey<Long> MESSAGE_TIMESTAMP_BEFORE_MAX_MS = ConfigKey.of(
            "message.timestamp.before.max.ms", ConfigType.LONG, Long.MAX_VALUE, Validator.atLeast(0L),
            "Largest allowed age of a CreateTime timestamp at produce (checked by the partition layer).");
    public static final ConfigKey<Long> MESSAGE_TIMESTAMP_AFTER_MAX_MS = ConfigKey.of(
            "message.timestamp.after.max.ms", ConfigType.LONG, 60L * 60 * 1000, Validator.atLeast(0L),
            "Largest allowed distance into the future of a CreateTime timestamp (checked by the partition layer).");
    public static final ConfigKey<Integer> MAX_MESSAGE_BYTES = ConfigKey.of("max.message.bytes", ConfigType.INT,
            1024 * 1024 + 12, Validator.atLeast(0),
            "Largest record batch accepted (checked by the partition layer before append).");
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.of("compression.type", ConfigType.STRING,
            "producer", Validator.oneOf("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"),
            "Codec of stored batches; 'producer' keeps what the producer sent (applied by the partition layer).");
    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.of("min.insync.replicas", ConfigType.INT,
            1, Validator.atLeast(1), "Replicas that must have a batch before acks=all succeeds (cluster mode).");
    public static final ConfigKey<Boolean> PREALLOCATE = ConfigKey.of("preallocate", ConfigType.BOOLEAN, false,
            Validator.any(), "Preallocate a new segment file to segment.bytes; trimmed when the segment is rolled.");
    public static final ConfigKey<Long> FILE_DELETE_DELAY_MS = ConfigKey.of("file.delete.delay.ms", ConfigType.LONG,
            60_000L, Validator.atLeast(0L),
            "Delay between renaming a segment to .deleted (it leaves the log) and removing the file.");

    /** Every topic key, in documentation order. */
    public static final ConfigDef DEF = ConfigDef.of("topic", List.of(CLEANUP_POLICY, SEGMENT_BYTES, SEGMENT_MS,
            SEGMENT_INDEX_BYTES, INDEX_INTERVAL_BYTES, RETENTION_MS, RETENTION_BYTES, FLUSH_MESSAGES, FLUSH_MS,
            DELETE_RETENTION_MS, MIN_CLEANABLE_DIRTY_RATIO, MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS,
            MESSAGE_TIMESTAMP_TYPE, MESSAGE_TIMESTAMP_BEFORE_MAX_MS, MESSAGE_TIMESTAMP_AFTER_MAX_MS,
            MAX_MESSAGE_BYTES, COMPRESSION_TYPE, MIN_INSYNC_REPLICAS, PREALLOCATE, FILE_DELETE_DELAY_MS));

    public static final LogConfig DEFAULT = fromMap(Map.of());

    private final Config config;
    private final boolean delete;
    private final boolean compact;
    private final int segmentBytesMax;
    private final long segmentMs;
    private final int segmentIndexBytesMax;
    private final int indexIntervalBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final long flushMessages;
    private final long flushMs;
    private final long deleteRetentionMs;
    private final double minCleanableDirtyRatio;
    private final long minCompactionLagMs;
    private final long maxCompactionLagMs;
    private final TimestampType timestampType;
    private final boolean preallocate;
    private final long fileDeleteDelayMs;

    private LogConfig(Config config) {
        this.config = config;
        List<String> policy = config.get(CLEANUP_POLICY);
        this.delete = policy.contains(POLICY_DELETE);
        this.compact = policy.contains(POLICY_COMPACT);
        this.segmentBytesMax = config.get(SEGMENT_BYTES);
        this.segmentMs = config.get(SEGMENT_MS);
        this.segmentIndexBytesMax = config.get(SEGMENT_INDEX_BYTES);
        this.indexIntervalBytes = config.get(INDEX_INTERVAL_BYTES);
        this.retentionMs = config.get(RETENTION_MS);
        this.retentionBytes = config.get(RETENTION_BYTES);
        this.flushMessages = config.get(FLUSH_MESSAGES);
        this.flushMs = config.get(FLUSH_MS);
        this.deleteRetentionMs = config.get(DELETE_RETENTION_MS);
        this.minCleanableDirtyRatio = config.get(MIN_CLEANABLE_DIRTY_RATIO);
        this.minCompactionLagMs = config.get(MIN_COMPACTION_LAG_MS);
        this.maxCompactionLagMs = config.get(MAX_COMPACTION_LAG_MS);
        this.timestampType = config.get(MESSAGE_TIMESTAMP_TYPE).equals("LogAppendTime")
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        this.preallocate = config.get(PREALLOCATE);
        this.fileDeleteDelayMs = config.get(FILE_DELETE_DELAY_MS);
    }

    /** Parses topic settings; an unknown key or a bad value throws ConfigException naming the key. */
    public static LogConfig fromMap(Map<String, String> raw) {
        return new LogConfig(DEF.parse(raw));
    }

    public static LogConfig fromConfig(Config config) {
        if (config.definition() != DEF) {
            throw new IllegalArgumentException("Not a topic config: " + config.definition().scope());
        }
        return new LogConfig(config);
    }

    /** The parsed values, for describing a topic's configuration. */
    public Config config() {
        return config;
    }

    public boolean cleanupPolicyDelete() {
        return delete;
    }

    public boolean cleanupPolicyCompact() {
        return compact;
    }

    public int segmentBytesMax() {
        return segmentBytesMax;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public int segmentIndexBytesMax() {
        return segmentIndexBytesMax;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public long retentionMs() {
        return retentionMs;
    }

    public long retentionBytes() {
        return retentionBytes;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    public long deleteRetentionMs() {
        return deleteRetentionMs;
    }

    public double minCleanableDirtyRatio() {
        return minCleanableDirtyRatio;
    }

    public long minCompactionLagMs() {
        return minCompactionLagMs;
    }

    public long maxCompactionLagMs() {
        return maxCompactionLagMs;
    }

    public TimestampType timestampType() {
        return timestampType;
    }

    public boolean preallocate() {
        return preallocate;
    }

    public long fileDeleteDelayMs() {
        return fileDeleteDelayMs;
    }

    @Override
    public String toString() {
        return "LogConfig" + config.explicitValues();
    }
}
