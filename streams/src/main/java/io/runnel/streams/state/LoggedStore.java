package io.runnel.streams.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;

/**
 * A write-back cache in front of a backing store that logs every change to a compacted changelog topic, and applies
 * changes to the backing store only once they are committed.
 *
 * <p>Three tiers above the backing store, read in this order:
 * <ul>
 *   <li>{@code dirty}: written since the last {@link #flush()}; a full cache ({@code cacheEntriesMax}) flushes, and
 *       so does the commit.</li>
 *   <li>{@code pending}: flushed, so sent to the changelog once per key (a key updated 1,000 times between flushes
 *       costs one changelog record), but not yet in the backing store.</li>
 *   <li>{@code clean}: recently committed values, so hot keys are not read back from the backing store.</li>
 * </ul>
 * {@link #commit(long)} (called after the producer acknowledged the changelog and the input offsets were committed)
 * writes {@code pending} into the backing store together with the changelog position it now equals. So the backing
 * store only ever holds a committed changelog prefix, never a write the changelog may lack, and a restart restores
 * just the changelog tail after that position ({@code StateRestorer}). Range scans merge {@code dirty} over {@code
 * pending} over the backing store without flushing, so a key that an operator scans and rewrites per record (a
 * session) still costs one changelog record per flush. Restore writes the backing store directly ({@link
 * #backing()}).
 *
 * <p>Task-thread owned; not thread-safe.
 */
public final class LoggedStore implements KvBytesStore {
    private final String name;
    private final CommittableStore backing;
    private final String changelogTopic;
    private final int partition;
    private final ChangelogSink sink;
    private final int cacheEntriesMax;
    /** Written since the last flush; null values are deletes. */
    private final WriteBuffer dirty;
    /** Flushed to the changelog, not yet committed to the backing store; null values are deletes. */
    private final WriteBuffer pending;
    /**
     * Recently committed values, so hot keys are not read back from the backing store; dropped when full. Only for
     * stores without key groups: keyed-time stores are read by range scans, which do not use it, and write keys
     * they read back, if ever, long after this cache has dropped them.
     */
    private final Map<Bytes, byte[]> clean = new HashMap<>();
    private final boolean keepsClean;
    /** {from, toExclusive} ranges dropped by {@link #expireRange} since the last commit; the commit applies them. */
    private final List<byte[][]> expired = new ArrayList<>();

    /** {@code changelogTopic} null: not logged (a table whose source topic is its changelog). */
    public LoggedStore(String name, CommittableStore backing, String changelogTopic, int partition, ChangelogSink sink,
                       int cacheEntriesMax) {
        this(name, backing, changelogTopic, partition, sink, cacheEntriesMax, null);
    }

    /**
     * {@code keyGroupLength}: the length of a key's group prefix (negative: none) when range scans stay within one
     * group (keyed-time layouts); null when they do not (see {@link WriteBuffer}).
     */
    public LoggedStore(String name, CommittableStore backing, String changelogTopic, int partition, ChangelogSink sink,
                       int cacheEntriesMax, ToIntFunction<byte[]> keyGroupLength) {
        this.keepsClean = keyGroupLength == null;
        this.dirty = new WriteBuffer(keyGroupLength);
        this.pending = new WriteBuffer(keyGroupLength);
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
        if (dirty.contains(k)) {
            return dirty.get(k);
        }
        if (pending.contains(k)) {
            return pending.get(k);
        }
        byte[] cached = clean.get(k);
        if (cached != null) {
            return cached;
        }
        return isExpired(key) ? null : backing.get(key);
    }

    /**
     * Drops every entry with {@code from <= key < toExclusive} from every tier, without logging: for entries that
     * expire by time, which their owner ignores once expired. The changelog keeps their records until its own
     * retention deletes them, so a restore may bring some back; the owner expires them again.
     */
    public void expireRange(byte[] from, byte[] toExclusive) {
        dirty.removeRange(from, toExclusive);
        pending.removeRange(from, toExclusive);
        clean.keySet().removeIf(k -> WriteBuffer.inRange(k.get(), from, toExclusive));
        expired.add(new byte[][] {from, toExclusive});
    }

    /** Whether the backing store's entry for {@code key} is in a range expired since the last commit. */
    private boolean isExpired(byte[] key) {
        for (byte[][] r : expired) {
            if (WriteBuffer.inRange(key, r[0], r[1])) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        write(Bytes.wrap(key), value);
    }

    @Override
    public void delete(byte[] key) {
        write(Bytes.wrap(key), null);
    }

    private void write(Bytes key, byte[] valueOrNull) {
        dirty.put(key, valueOrNull);
        if (dirty.size() >= cacheEntriesMax) {
            flush();
        }
    }

    /**
     * Visits the backing store's entries in range with {@code dirty} over {@code pending} merged over them, less
     * the ranges expired since the last commit.
     */
    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        if (toExclusive != null && Arrays.compareUnsigned(from, toExclusive) >= 0) {
            return; // empty (the sorted overlays would reject from > to)
        }
        Iterator<Map.Entry<Bytes, byte[]>> newer = dirty.range(from, toExclusive);
        Iterator<Map.Entry<Bytes, byte[]>> older = pending.range(from, toExclusive);
        Iterator<Map.Entry<Bytes, byte[]>> overlay = newer == null ? older
                : older == null ? newer : new NewerFirst(newer, older);
        if (overlay == null) {
            backing.range(from, toExclusive, expired.isEmpty() ? visitor
                    : (k, v) -> isExpired(k) || visitor.visit(k, v));
            return;
        }
        MergedScan scan = new MergedScan(overlay, visitor);
        backing.range(from, toExclusive, expired.isEmpty() ? scan::visitBacking
                : (k, v) -> isExpired(k) || scan.visitBacking(k, v));
        scan.finish();
    }

    /** Two sorted overlays as one; on a key in both, the newer entry wins. */
    private static final class NewerFirst implements Iterator<Map.Entry<Bytes, byte[]>> {
        private final Iterator<Map.Entry<Bytes, byte[]>> newer;
        private final Iterator<Map.Entry<Bytes, byte[]>> older;
        private Map.Entry<Bytes, byte[]> newerHead;
        private Map.Entry<Bytes, byte[]> olderHead;

        NewerFirst(Iterator<Map.Entry<Bytes, byte[]>> newer, Iterator<Map.Entry<Bytes, byte[]>> older) {
            this.newer = newer;
            this.older = older;
            newerHead = newer.next();
            olderHead = older.next();
        }

        @Override
        public boolean hasNext() {
            return newerHead != null || olderHead != null;
        }

        @Override
        public Map.Entry<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int c = newerHead == null ? 1 : olderHead == null ? -1 : newerHead.getKey().compareTo(olderHead.getKey());
            Map.Entry<Bytes, byte[]> e;
            if (c <= 0) {
                e = newerHead;
                newerHead = newer.hasNext() ? newer.next() : null;
                if (c == 0) {
                    olderHead = older.hasNext() ? older.next() : null;
                }
            } else {
                e = olderHead;
                olderHead = older.hasNext() ? older.next() : null;
            }
            return e;
        }
    }

    /** Merges a sorted overlay into a backing-store scan; a delete in the overlay hides the key. */
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
        for (Map.Entry<Bytes, byte[]> e : dirty.all().entrySet()) {
            pending.put(e.getKey(), e.getValue());
            clean.remove(e.getKey());
            if (changelogTopic != null) {
                sink.log(changelogTopic, partition, e.getKey().get(), e.getValue());
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
        if (pending.isEmpty() && expired.isEmpty() && position == backing.checkpoint()) {
            return;
        }
        backing.commit(expired, pending.all(), position);
        expired.clear();
        if (keepsClean) {
            if (clean.size() + pending.size() > cacheEntriesMax) {
                clean.clear();
            }
            pending.all().forEach((k, v) -> {
                if (v != null) {
                    clean.put(k, v);
                }
            });
        }
        pending.clear();
    }

    @Override
    public void close() {
        backing.close();
    }
}
