package io.runnel.streams.state;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link KvBytesStore} on a sorted map; for tests and for small stores. Closing keeps the contents, so a test can
 * reopen the same instance as a restarted worker reopens its local state ({@link #reopen()}). Task-thread owned.
 */
public final class InMemoryKvBytesStore implements CommittableStore {
    private final NavigableMap<Bytes, byte[]> map = new TreeMap<>();
    private long checkpoint = -1;
    private boolean open = true;
    private long entriesVisited;

    @Override
    public byte[] get(byte[] key) {
        return map.get(Bytes.wrap(key));
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(Bytes.wrap(key.clone()), value);
    }

    @Override
    public void delete(byte[] key) {
        map.remove(Bytes.wrap(key));
    }

    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        NavigableMap<Bytes, byte[]> view = toExclusive == null ? map.tailMap(Bytes.wrap(from), true)
                : map.subMap(Bytes.wrap(from), true, Bytes.wrap(toExclusive), false);
        for (Map.Entry<Bytes, byte[]> e : view.entrySet()) {
            entriesVisited++;
            if (!visitor.visit(e.getKey().get(), e.getValue())) {
                return;
            }
        }
    }

    public int size() {
        return map.size();
    }

    /** Entries handed to range visitors since creation: what operators' scans cost, for tests that bound it. */
    public long entriesVisited() {
        return entriesVisited;
    }

    @Override
    public long checkpoint() {
        return checkpoint;
    }

    @Override
    public void commit(java.util.List<byte[][]> deletedRanges, java.util.List<Map<Bytes, byte[]>> changes,
                       long position) {
        for (byte[][] r : deletedRanges) {
            map.subMap(Bytes.wrap(r[0]), true, Bytes.wrap(r[1]), false).clear();
        }
        for (Map<Bytes, byte[]> generation : changes) {
            generation.forEach((k, v) -> {
                if (v == null) {
                    map.remove(k);
                } else {
                    map.put(k, v);
                }
            });
        }
        checkpoint = position;
    }

    @Override
    public void clear() {
        map.clear();
        checkpoint = -1;
    }

    /** True once closed and not reopened. */
    public boolean closed() {
        return !open;
    }

    /** Opens again after {@link #close()}, with the contents and checkpoint it had. */
    public InMemoryKvBytesStore reopen() {
        open = true;
        return this;
    }

    @Override
    public void close() {
        open = false;
    }
}
