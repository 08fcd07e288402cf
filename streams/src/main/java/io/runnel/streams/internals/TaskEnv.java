package io.runnel.streams.internals;

import io.runnel.common.Time;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.state.ChangelogSink;
import io.runnel.streams.state.CommittableStore;

/**
 * What the runtime (a worker thread, or the test driver) gives a task: clock, mode, output and state backends.
 * Called only from the thread that owns the task.
 */
public interface TaskEnv {
    String applicationId();

    Time time();

    ProcessingMode mode();

    /** An input silent for this long stops holding the watermark back. */
    long idleTimeoutMs();

    /** Minimum processing time between two watermark markers into a repartition topic. */
    long watermarkIntervalMs();

    int cacheEntriesMax();

    /** Writes a record, partitioned by key bytes (null key: the sink's own choice). */
    void send(String topic, byte[] key, byte[] value, long timestampMs);

    /**
     * Writes a record into an internal repartition topic, tagged with the writing task and a sequence number that a
     * replay after a crash reproduces (-1: none), so that readers drop the replayed copies.
     */
    void sendRepartition(String topic, byte[] key, byte[] value, long timestampMs, int writer, long sequence);

    /**
     * Writes a watermark marker from writer task {@code sourceIndex} to every partition of {@code topic};
     * {@code idle}: the writer has no input for now and readers should not wait for it.
     */
    void sendWatermark(String topic, int sourceIndex, long watermarkMs, boolean idle);

    /**
     * True when the consumer has fetched everything currently in {@code topic}-{@code partition} (no lag): only then
     * may a silent input count as idle.
     */
    boolean caughtUp(String topic, int partition);

    /** A fresh, empty backing store for {@code storeName} of task {@code id}. */
    CommittableStore openStore(TaskId id, String storeName);

    ChangelogSink changelog();

    /** How many tasks write the repartition topic (the upstream subtopology's partition count). */
    int writerCount(String repartitionTopic);
}
