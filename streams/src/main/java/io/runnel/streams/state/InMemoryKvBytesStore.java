package io.runnel.streams.state;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A {@link KvBytesStore} on a sorted map; for tests and for small stores. Task-thread owned. */
public final class InMemoryKvBytesStore implements KvBytesStore {
    private final NavigableMap<Bytes, byte[]> map = new TreeMap<>();

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
            if (!visitor.visit(e.getKey().get(), e.getValue())) {
                return;
            }
        }
    }

    public int size() {
        return map.size();
    }

    @Override
    public void close() {
        map.clear();
    }
}
