package io.runnel.streams.state;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A write-back cache in front of a backing store that logs every change to a compacted changelog topic, and applies
 * changes to the backing store only once they are committed.
 *
 * <p>Three tiers above the backing store, read in this order:
 * <ul>
 *   <li>{@code dirty}: written since the last {@link #flush()}; a full cache ({@code cacheEntriesMax}) flushes.</li>
 *   <li>{@code pending}: flushed, so sent to the changelog once per key (a key updated 1,000 times between flushes
 *       costs one changelog record), but not yet in the backing store.</li>
 *   <li>{@code clean}: recently committed values, so hot keys are not read back from the backing store.</li>
 * </ul>
 * {@link #commit(long)} (called after the producer acknowledged the changelog and the input offsets were committed)
 * writes {@code pending} into the backing store together with the changelog position it now equals. So the backing
 * store only ever holds a committed changelog prefix, never a write the changelog may lack, and a restart restores
 * just the changelog tail after that position ({@code StateRestorer}). Range scans flush first and merge {@code
 * pending} over the backing store. Restore writes the backing store directly ({@link #backing()}).
 *
 * <p>Task-thread owned; not thread-safe.
 */
public final class LoggedStore implements KvBytesStore {
    private static final byte[] TOMBSTONE = new byte[0];

    private final String name;
    private final CommittableStore backing;
    private final String changelogTopic;
    private final int partition;
    private final ChangelogSink sink;
    private final int cacheEntriesMax;
    private final Map<Bytes, byte[]> dirty = new HashMap<>();
    /** Flushed to the changelog, not yet committed to the backing store; null values are deletes. Sorted for scans. */
    private final NavigableMap<Bytes, byte[]> pending = new TreeMap<>();
    /** Recently committed values, so hot keys are not read back from the backing store; dropped when full. */
    private final Map<Bytes, byte[]> clean = new HashMap<>();

    /** {@code changelogTopic} null: not logged (a table whose source topic is its changelog). */
    public LoggedStore(String name, CommittableStore backing, String changelogTopic, int partition, ChangelogSink sink,
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

    public CommittableStore backing() {
        return backing;
    }

    @Override
    public byte[] get(byte[] key) {
        Bytes k = Bytes.wrap(key);
        byte[] cached = dirty.get(k);
        if (cached != null) {
            return cached == TOMBSTONE ? null : cached;
        }
        if (pending.containsKey(k)) {
            return pending.get(k);
        }
        cached = clean.get(k);
        if (cached != null) {
            return cached;
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

    /** Visits the backing store's entries in range with {@code pending} merged over them (pending wins). */
    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        if (toExclusive != null && Arrays.compareUnsigned(from, toExclusive) >= 0) {
            return; // empty (the sorted overlay would reject from > to)
        }
        flush();
        NavigableMap<Bytes, byte[]> overlay = toExclusive == null ? pending.tailMap(Bytes.wrap(from), true)
                : pending.subMap(Bytes.wrap(from), true, Bytes.wrap(toExclusive), false);
        if (overlay.isEmpty()) {
            backing.range(from, toExclusive, visitor);
            return;
        }
        MergedScan scan = new MergedScan(overlay.entrySet().iterator(), visitor);
        backing.range(from, toExclusive, scan::visitBacking);
        scan.finish();
    }

    /** Merges a sorted pending overlay into a backing-store scan; a pending delete hides the key. */
    private static final class MergedScan {
        private final Iterator<Map.Entry<Bytes, byte[]>> overlay;
        private final EntryVisitor visitor;
        private Map.Entry<Bytes, byte[]> head;
        private boolean stopped;

        MergedScan(Iterator<Map.Entry<Bytes, byte[]>> overlay, EntryVisitor visitor) {
            this.overlay = overlay;
            this.visitor = visitor;
            advance();
        }

        private void advance() {
            head = overlay.hasNext() ? overlay.next() : null;
        }

        /** Emits the overlay head and advances; false when the visitor stopped. */
        private boolean emitHead() {
            Map.Entry<Bytes, byte[]> e = head;
            advance();
            if (e.getValue() != null && !visitor.visit(e.getKey().get(), e.getValue())) {
                stopped = true;
            }
            return !stopped;
        }

        boolean visitBacking(byte[] key, byte[] value) {
            Bytes k = Bytes.wrap(key);
            while (head != null && head.getKey().compareTo(k) < 0) {
                if (!emitHead()) {
                    return false;
                }
            }
            if (head != null && head.getKey().equals(k)) {
                return emitHead();
            }
            if (!visitor.visit(key, value)) {
                stopped = true;
            }
            return !stopped;
        }

        void finish() {
            while (!stopped && head != null) {
                emitHead();
            }
        }
    }

    /** Sends cached writes to the changelog (the latest value per key) and keeps them pending until the commit. */
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Map.Entry<Bytes, byte[]> e : dirty.entrySet()) {
            byte[] value = e.getValue() == TOMBSTONE ? null : e.getValue();
            pending.put(e.getKey(), value);
            clean.remove(e.getKey());
            if (changelogTopic != null) {
                sink.log(changelogTopic, partition, e.getKey().get(), value);
            }
        }
        dirty.clear();
    }

    /** Changes flushed to the changelog but not yet committed to the backing store. */
    public int pendingEntries() {
        return pending.size();
    }

    /**
     * The commit that covers every flushed change succeeded: write them to the backing store together with {@code
     * position}, the changelog end offset (a table: its source topic's committed offset) they correspond to.
     */
    public void commit(long position) {
        if (pending.isEmpty() && position == backing.checkpoint()) {
            return;
        }
        backing.commit(pending, position);
        if (clean.size() + pending.size() > cacheEntriesMax) {
            clean.clear();
        }
        pending.forEach((k, v) -> {
            if (v != null) {
                clean.put(k, v);
            }
        });
        pending.clear();
    }

    @Override
    public void close() {
        backing.close();
    }
}
