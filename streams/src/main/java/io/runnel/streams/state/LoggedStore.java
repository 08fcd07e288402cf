package io.runnel.streams.state;

import java.util.HashMap;
import java.util.Map;

/**
 * A write-back cache in front of a backing store that logs every change to a compacted changelog topic.
 *
 * <p>Writes land in the cache; {@link #flush()} applies them to the backing store and writes the latest value of
 * each changed key to the changelog (so a key updated 1,000 times between flushes costs one changelog record).
 * The task flushes before every commit, and range scans flush first so they see every write. A full cache
 * ({@code cacheEntriesMax}) flushes too. Flushed values stay readable from memory until the next flush that would
 * exceed the cache size. Restore bypasses the cache and the changelog ({@link #backing()}).
 *
 * <p>Task-thread owned; not thread-safe.
 */
public final class LoggedStore implements KvBytesStore {
    private static final byte[] TOMBSTONE = new byte[0];

    private final String name;
    private final KvBytesStore backing;
    private final String changelogTopic;
    private final int partition;
    private final ChangelogSink sink;
    private final int cacheEntriesMax;
    private final Map<Bytes, byte[]> dirty = new HashMap<>();
    /** Recently flushed values, so hot keys are not read back from the backing store; dropped when full. */
    private final Map<Bytes, byte[]> clean = new HashMap<>();

    /** {@code changelogTopic} null: not logged (a table whose source topic is its changelog). */
    public LoggedStore(String name, KvBytesStore backing, String changelogTopic, int partition, ChangelogSink sink,
                       int cacheEntriesMax) {
        this.name = name;
        this.backing = backing;
        this.changelogTopic = changelogTopic;
        this.partition = partition;
        this.sink = sink;
        this.cacheEntriesMax = cacheEntriesMax;
    }

    public String name() {
        return name;
    }

    public KvBytesStore backing() {
        return backing;
    }

    @Override
    public byte[] get(byte[] key) {
        Bytes k = Bytes.wrap(key);
        byte[] cached = dirty.get(k);
        if (cached == null) {
            cached = clean.get(k);
        }
        if (cached != null) {
            return cached == TOMBSTONE ? null : cached;
        }
        return backing.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        dirty.put(Bytes.wrap(key), value);
        if (dirty.size() >= cacheEntriesMax) {
            flush();
        }
    }

    @Override
    public void delete(byte[] key) {
        dirty.put(Bytes.wrap(key), TOMBSTONE);
        if (dirty.size() >= cacheEntriesMax) {
            flush();
        }
    }

    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        flush();
        backing.range(from, toExclusive, visitor);
    }

    /** Applies cached writes to the backing store and the changelog. */
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        if (clean.size() + dirty.size() > cacheEntriesMax) {
            clean.clear();
        }
        for (Map.Entry<Bytes, byte[]> e : dirty.entrySet()) {
            byte[] key = e.getKey().get();
            byte[] value = e.getValue() == TOMBSTONE ? null : e.getValue();
            if (value == null) {
                backing.delete(key);
                clean.remove(e.getKey());
            } else {
                backing.put(key, value);
                clean.put(e.getKey(), value);
            }
            if (changelogTopic != null) {
                sink.log(changelogTopic, partition, key, value);
            }
        }
        dirty.clear();
    }

    @Override
    public void close() {
        backing.close();
    }
}
