package io.runnel.storage;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;
import java.util.Map;

/**
 * Node-level storage settings (one {@link LogManager}), as opposed to the per-topic {@link LogConfig}. The broker
 * includes {@link #DEF}'s keys in its own configuration. Immutable, thread-safe.
 */
public final class StorageConfig {
    public static final ConfigKey<Integer> OPEN_HANDLES_MAX = ConfigKey.of("runnel.log.open.handles.max",
            ConfigType.INT, 512, Validator.atLeast(4),
            "Upper bound on segment files and index mmaps held open at once (an LRU closes idle ones); "
                    + "handles in use by in-flight reads stay open beyond it until released.");
    public static final ConfigKey<Long> FLUSH_SCHEDULER_INTERVAL_MS = ConfigKey.of(
            "log.flush.scheduler.interval.ms", ConfigType.LONG, 1000L, Validator.atLeast(1L),
            "How often the flusher checks topics' flush.ms policy.");
    public static final ConfigKey<Long> RETENTION_CHECK_INTERVAL_MS = ConfigKey.of(
            "log.retention.check.interval.ms", ConfigType.LONG, 5L * 60 * 1000, Validator.atLeast(1L),
            "How often retention (retention.ms, retention.bytes) is enforced.");
    public static final ConfigKey<Long> RECOVERY_POINT_CHECKPOINT_INTERVAL_MS = ConfigKey.of(
            "log.flush.offset.checkpoint.interval.ms", ConfigType.LONG, 60_000L, Validator.atLeast(1L),
            "How often the recovery points (flushed offsets) are checkpointed; recovery after a crash re-validates "
                    + "only what lies past them.");
    public static final ConfigKey<Boolean> CLEANER_ENABLE = ConfigKey.of("log.cleaner.enable", ConfigType.BOOLEAN,
            true, Validator.any(), "Run the background cleaner for cleanup.policy=compact topics.");
    public static final ConfigKey<Long> CLEANER_DEDUPE_BUFFER_BYTES = ConfigKey.of("log.cleaner.dedupe.buffer.size",
            ConfigType.LONG, 32L * 1024 * 1024, Validator.atLeast(1024L),
            "Memory of the cleaner's key -> offset map (24 bytes per distinct key); a larger dirty range is "
                    + "cleaned in several passes.");
    public static final ConfigKey<Long> CLEANER_BACKOFF_MS = ConfigKey.of("log.cleaner.backoff.ms", ConfigType.LONG,
            15_000L, Validator.atLeast(1L), "Pause of the cleaner when no log needs cleaning.");
    public static final ConfigKey<Integer> CLEANER_IO_BUFFER_BYTES = ConfigKey.of("log.cleaner.io.buffer.size",
            ConfigType.INT, 1024 * 1024, Validator.atLeast(1024),
            "Read buffer of the cleaner (grows to fit one batch when a batch is larger).");

    public static final ConfigDef DEF = ConfigDef.of("storage", List.of(OPEN_HANDLES_MAX,
            FLUSH_SCHEDULER_INTERVAL_MS, RETENTION_CHECK_INTERVAL_MS, RECOVERY_POINT_CHECKPOINT_INTERVAL_MS,
            CLEANER_ENABLE, CLEANER_DEDUPE_BUFFER_BYTES, CLEANER_BACKOFF_MS, CLEANER_IO_BUFFER_BYTES));

    public static final StorageConfig DEFAULT = fromMap(Map.of());

    private final Config config;

    private StorageConfig(Config config) {
        this.config = config;
    }

    public static StorageConfig fromMap(Map<String, String> raw) {
        return new StorageConfig(DEF.parse(raw));
    }

    public <T> T get(ConfigKey<T> key) {
        return config.get(key);
    }
}
