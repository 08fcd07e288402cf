package io.runnel.storage;

import io.runnel.common.Time;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Background compaction of cleanup.policy=compact logs. (Skeleton of the first landing: the cleaning pass
 * itself follows in the next step of issue 3; until then compacted topics simply keep every record.)
 *
 * <p>Thread: owns its thread ("runnel-log-cleaner").
 */
final class LogCleaner {
    private final StorageConfig config;
    private final Time time;
    private final Supplier<Collection<PartitionLog>> logs;

    LogCleaner(StorageConfig config, Time time, Supplier<Collection<PartitionLog>> logs) {
        this.config = config;
        this.time = time;
        this.logs = logs;
    }

    void start() {
    }

    void stop() {
    }

    boolean cleanOnce() {
        return false;
    }
}
