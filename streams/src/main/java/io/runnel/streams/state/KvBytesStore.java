package io.runnel.streams.state;


/**
 * An ordered byte-key, byte-value store (keys compare as unsigned bytes). Owned by one task thread; not thread-safe.
 */
public interface KvBytesStore extends AutoCloseable {
    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /**
     * Visits entries with {@code from <= key < toExclusive} in key order ({@code toExclusive} null: to the end).
     * The visitor returns false to stop early. It must not modify the store; collect keys and change them after.
     */
    void range(byte[] from, byte[] toExclusive, EntryVisitor visitor);

    @Override
    void close();

    /** Receives one entry of a range scan; returns false to stop the scan. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(byte[] key, byte[] value);
    }
}
