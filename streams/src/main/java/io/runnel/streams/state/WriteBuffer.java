package io.runnel.streams.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * One tier of a {@link LoggedStore}'s writes above its backing store (a null value deletes): the latest write per key,
 * with the sorted access range scans merge over the backing store.
 *
 * <p>One sorted map of every written key costs a tree descent with a cache miss per level for each write (tens of
 * thousands of keys within a commit interval); on join buffers and session stores that was a third of the task
 * thread. So point access goes through a hash map, and sorted order is kept only where a scan needs it:
 * <ul>
 *   <li>a store whose keys start with a group prefix ({@code groupLength}: keyed-time layouts, whose scans stay
 *       within one key) sorts per group, so a scan sorts only its key's writes (a join buffer's hot key, never
 *       scanned, is never sorted); a scan across groups (a purge, a restore check) sorts a snapshot of the keys in
 *       its range;</li>
 *   <li>any other store sorts as a whole.</li>
 * </ul>
 * Either way a group (or store) is sorted at its first scan and kept sorted while the buffer lives: what is never
 * scanned is never sorted.
 * Task-thread owned.
 */
final class WriteBuffer {
    private final ToIntFunction<byte[]> groupLength;
    /**
     * Insertion-ordered: a flush and a commit walk every write, and in insertion order they walk memory the way it
     * was allocated, where a hash map's bucket order jumps to a random node, key and value for each.
     */
    private final Map<Bytes, byte[]> writes = new LinkedHashMap<>();
    /** Keyed by group prefix; with no groups, one {@link #whole} for the store. */
    private final Map<Bytes, Sortable> groups = new HashMap<>();
    private final Sortable whole = new Sortable();

    /**
     * @param groupLength the length of a key's group prefix, or a negative number when the key has none; null: the
     *                    store's keys have no groups
     */
    WriteBuffer(ToIntFunction<byte[]> groupLength) {
        this.groupLength = groupLength;
    }

    /** The keys of a group (or store): listed as written, sorted at the first scan, kept sorted after it. */
    private static final class Sortable {
        private List<Bytes> unsorted = new ArrayList<>();
        private NavigableMap<Bytes, byte[]> sorted;

        void put(Bytes key, byte[] valueOrNull, boolean fresh) {
            if (sorted != null) {
                sorted.put(key, valueOrNull);
            } else if (fresh) {
                unsorted.add(key);
            }
        }

        NavigableMap<Bytes, byte[]> sorted(Map<Bytes, byte[]> writes) {
            if (sorted == null) {
                sorted = new TreeMap<>();
                for (Bytes k : unsorted) {
                    if (writes.containsKey(k)) { // not removed by removeRange since
                        sorted.put(k, writes.get(k));
                    }
                }
                unsorted = null;
            }
            return sorted;
        }
    }

    void put(Bytes key, byte[] valueOrNull) {
        // A null previous value is a new key or an overwritten delete: listing the latter twice is harmless.
        boolean fresh = writes.put(key, valueOrNull) == null;
        if (groupLength == null) {
            whole.put(key, valueOrNull, fresh);
            return;
        }
        Bytes group = groupOf(key.get());
        if (group != null) {
            groups.computeIfAbsent(group, g -> new Sortable()).put(key, valueOrNull, fresh);
        }
    }

    boolean contains(Bytes key) {
        return writes.containsKey(key);
    }

    /** The written value (null also for a delete: check {@link #contains} first). */
    byte[] get(Bytes key) {
        return writes.get(key);
    }

    int size() {
        return writes.size();
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Every write, unordered. */
    Map<Bytes, byte[]> all() {
        return writes;
    }

    /** Forgets every write with {@code from <= key < toExclusive}. */
    void removeRange(byte[] from, byte[] toExclusive) {
        writes.keySet().removeIf(k -> {
            if (!inRange(k.get(), from, toExclusive)) {
                return false;
            }
            Sortable s = groupLength == null ? whole : groups.get(groupOf(k.get()));
            if (s != null && s.sorted != null) {
                s.sorted.remove(k);
            }
            return true;
        });
    }

    static boolean inRange(byte[] key, byte[] from, byte[] toExclusive) {
        return Arrays.compareUnsigned(key, from) >= 0
                && (toExclusive == null || Arrays.compareUnsigned(key, toExclusive) < 0);
    }

    /** The writes with {@code from <= key < toExclusive} in key order, or null when there are none. */
    Iterator<Map.Entry<Bytes, byte[]>> range(byte[] from, byte[] toExclusive) {
        if (writes.isEmpty()) {
            return null;
        }
        NavigableMap<Bytes, byte[]> source;
        if (groupLength == null) {
            source = whole.sorted(writes);
        } else {
            Bytes group = groupOf(from);
            if (group == null || toExclusive == null || !startsWith(toExclusive, group.get())) {
                return snapshot(from, toExclusive);
            }
            Sortable g = groups.get(group);
            if (g == null) {
                return null;
            }
            source = g.sorted(writes);
        }
        NavigableMap<Bytes, byte[]> in = toExclusive == null ? source.tailMap(Bytes.wrap(from), true)
                : source.subMap(Bytes.wrap(from), true, Bytes.wrap(toExclusive), false);
        return in.isEmpty() ? null : in.entrySet().iterator();
    }

    /** A scan across groups: the keys in range, sorted once for this scan. */
    private Iterator<Map.Entry<Bytes, byte[]>> snapshot(byte[] from, byte[] toExclusive) {
        List<Map.Entry<Bytes, byte[]>> in = new ArrayList<>();
        for (Map.Entry<Bytes, byte[]> e : writes.entrySet()) {
            if (inRange(e.getKey().get(), from, toExclusive)) {
                in.add(e);
            }
        }
        if (in.isEmpty()) {
            return null;
        }
        in.sort(Map.Entry.comparingByKey());
        return in.iterator();
    }

    private Bytes groupOf(byte[] key) {
        int n = groupLength.applyAsInt(key);
        return n < 0 || n > key.length ? null : Bytes.wrap(Arrays.copyOf(key, n));
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
