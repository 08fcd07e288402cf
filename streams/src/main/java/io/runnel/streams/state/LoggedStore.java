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
 *       costs one changelog record), but not yet in the backing store; one generation per flush.</li>
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
    private final ToIntFunction<byte[]> keyGroupLength;
    /** Written since the last flush; null values are deletes. */
    private WriteBuffer dirty;
    /**
     * Flushed to the changelog, not yet committed to the backing store, oldest first; null values are deletes. A
     * flush moves {@code dirty} here whole (a generation) rather than writing each entry into one pending map again:
     * that second hash insert, and its group bookkeeping, were a tenth of a join task's thread. A key may be in
     * several generations: the newest wins.
     */
    private final List<WriteBuffer> pending = new ArrayList<>();
    /**
     * Recently committed values, so hot keys are not read back from the backing store; dropped when full. Only for
     * stores without key groups: keyed-time stores are read by range scans, which do not use it, and write keys
     * they read back, if ever, long after this cache has dropped them.
     */
    private final Map<Bytes, byte[]> clean = new HashMap<>();
    private final boolean keepsClean;
    /** {from, toExclusive} ranges dropped by {@link #expireRange} since the last commit; the commit applies them. */
    private final List<byte[][]> expired = new ArrayList<>();
    /** An append-only store's changelog writer ({@link ChangelogChunk}); null: a record per key. */
    private final ChangelogChunk.Writer chunks;
    private Object derived;

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
        this(name, backing, changelogTopic, partition, sink, cacheEntriesMax, keyGroupLength, false);
    }

    /**
     * {@code appendOnly}: the owner writes each key at most once and drops entries only by {@link #expireRange}, so
     * the changelog carries chunks of entries ({@link ChangelogChunk}) rather than a record per key.
     */
    public LoggedStore(String name, CommittableStore backing, String changelogTopic, int partition, ChangelogSink sink,
                       int cacheEntriesMax, ToIntFunction<byte[]> keyGroupLength, boolean appendOnly) {
        this.chunks = appendOnly ? new ChangelogChunk.Writer() : null;
        this.keepsClean = keyGroupLength == null;
        this.keyGroupLength = keyGroupLength;
        this.dirty = new WriteBuffer(keyGroupLength);
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

    /**
     * What the node writing this store keeps about its contents for the nodes reading it (a join side's key filter),
     * created on the first call. Task-thread owned.
     */
    public <T> T derived(Class<T> type, java.util.function.Supplier<T> create) {
        if (derived == null) {
            derived = create.get();
        }
        return type.cast(derived);
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
        for (int g = pending.size() - 1; g >= 0; g--) {
            WriteBuffer generation = pending.get(g);
            if (generation.contains(k)) {
                return generation.get(k);
            }
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
        for (WriteBuffer generation : pending) {
            generation.removeRange(from, toExclusive);
        }
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
        Iterator<Map.Entry<Bytes, byte[]>> overlay = null;
        for (WriteBuffer generation : pending) { // oldest first, so each newer one goes on top
            overlay = onTop(generation.range(from, toExclusive), overlay);
        }
        overlay = onTop(dirty.range(from, toExclusive), overlay);
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

    private static Iterator<Map.Entry<Bytes, byte[]>> onTop(Iterator<Map.Entry<Bytes, byte[]>> newer,
                                                            Iterator<Map.Entry<Bytes, byte[]>> older) {
        return newer == null ? older : older == null ? newer : new NewerFirst(newer, older);
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
            if (keepsClean) {
                clean.remove(e.getKey());
            }
            log(e.getKey().get(), e.getValue());
        }
        endLog();
        pending.add(dirty);
        dirty = new WriteBuffer(keyGroupLength);
    }

    /** Logs {@code key -> valueOrNull}, into the open chunk for an append-only store; {@link #endLog()} after. */
    private void log(byte[] key, byte[] valueOrNull) {
        if (changelogTopic == null) {
            return;
        }
        if (chunks == null) {
            sink.log(changelogTopic, partition, key, valueOrNull);
            return;
        }
        if (chunks.wouldOverflow(key, valueOrNull)) {
            sink.log(changelogTopic, partition, chunks.nextKey(), chunks.take());
        }
        chunks.add(key, valueOrNull);
    }

    /** Sends the open chunk, if any. */
    private void endLog() {
        if (chunks != null && !chunks.isEmpty()) {
            sink.log(changelogTopic, partition, chunks.nextKey(), chunks.take());
        }
    }

    /**
     * After a restore: logs the backing store's (committed) value of each key, undoing changelog records written
     * after the last commit.
     */
    public void relogCommitted(Iterable<Bytes> keys) {
        for (Bytes k : keys) {
            log(k.get(), backing.get(k.get()));
        }
        endLog();
    }

    /**
     * The store entries the changelog record at {@code offset} of partition {@code partition} of {@code topic}
     * holds: the record itself, or an append-only store's chunk of them.
     */
    public void forEachLoggedEntry(byte[] recordKey, byte[] recordValue, String topic, int partition, long offset,
                                   ChangelogChunk.EntryConsumer consumer) {
        if (chunks == null) {
            consumer.accept(recordKey, recordValue);
        } else {
            ChangelogChunk.forEachEntry(recordValue, topic + "-" + partition + "@" + offset, consumer);
        }
    }

    /** Changes flushed to the changelog but not yet committed to the backing store (a key counted per generation). */
    public int pendingEntries() {
        int n = 0;
        for (WriteBuffer generation : pending) {
            n += generation.size();
        }
        return n;
    }

    /**
     * The commit that covers every flushed change succeeded: write them to the backing store together with {@code
     * position}, the changelog end offset (a table: its source topic's committed offset) they correspond to.
     */
    public void commit(long position) {
        if (pending.isEmpty() && expired.isEmpty() && position == backing.checkpoint()) {
            return;
        }
        List<Map<Bytes, byte[]>> changes = new ArrayList<>(pending.size());
        for (WriteBuffer generation : pending) {
            changes.add(generation.all());
        }
        backing.commit(expired, changes, position);
        expired.clear();
        if (keepsClean) {
            if (clean.size() + pendingEntries() > cacheEntriesMax) {
                clean.clear();
            }
            for (Map<Bytes, byte[]> generation : changes) { // oldest first: a later delete drops an earlier value
                generation.forEach((k, v) -> {
                    if (v != null) {
                        clean.put(k, v);
                    } else {
                        clean.remove(k);
                    }
                });
            }
        }
        pending.clear();
    }

    @Override
    public void close() {
        backing.close();
    }
}
