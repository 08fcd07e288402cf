package io.runnel.streams.state;

/** Where a store writes its changelog records (a producer in a worker, an in-memory log in the test driver). */
@FunctionalInterface
public interface ChangelogSink {
    /** Appends {@code key -> value} (null value: tombstone) to partition {@code partition} of {@code topic}. */
    void log(String topic, int partition, byte[] key, byte[] value);
}
