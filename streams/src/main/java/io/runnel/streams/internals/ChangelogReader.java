package io.runnel.streams.internals;

/** Reads a partition of a changelog (or table source) topic for restore. Called by the task's thread. */
public interface ChangelogReader {
    /** The offset after the last record of {@code topic}-{@code partition}. */
    long endOffset(String topic, int partition);

    /** Visits records with offsets in [from, to) in order; a null value is a tombstone. */
    void read(String topic, int partition, long fromOffset, long toOffset, RecordVisitor visitor);

    @FunctionalInterface
    interface RecordVisitor {
        void accept(long offset, byte[] key, byte[] value);
    }
}
