package io.runnel.broker.group;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Helpers over assignments: {@code Map<topicId, partitions>} values that are immutable, sorted and contain no empty
 * partition sets (so that equal assignments are equal maps). Stateless, thread-safe.
 */
public final class Assignments {
    private Assignments() {
    }

    public static final Map<Uuid, Set<Integer>> EMPTY = Collections.emptyMap();

    /** An immutable, sorted copy without empty entries. */
    public static Map<Uuid, Set<Integer>> copyOf(Map<Uuid, ? extends Set<Integer>> partitions) {
        if (partitions.isEmpty()) {
            return EMPTY;
        }
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        partitions.forEach((topic, set) -> {
            if (!set.isEmpty()) {
                out.put(topic, Collections.unmodifiableSortedSet(new TreeSet<>(set)));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    public static Map<Uuid, Set<Integer>> union(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        TreeMap<Uuid, Set<Integer>> out = mutable(a);
        b.forEach((t, ps) -> out.computeIfAbsent(t, k -> new TreeSet<>()).addAll(ps));
        return copyOf(out);
    }

    public static Map<Uuid, Set<Integer>> intersection(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        a.forEach((t, ps) -> {
            Set<Integer> other = b.get(t);
            if (other != null) {
                TreeSet<Integer> both = new TreeSet<>(ps);
                both.retainAll(other);
                out.put(t, both);
            }
        });
        return copyOf(out);
    }

    /** {@code a} without the partitions of {@code b}. */
    public static Map<Uuid, Set<Integer>> minus(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        TreeMap<Uuid, Set<Integer>> out = mutable(a);
        b.forEach((t, ps) -> {
            Set<Integer> mine = out.get(t);
            if (mine != null) {
                mine.removeAll(ps);
            }
        });
        return copyOf(out);
    }

    public static boolean intersects(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
            Set<Integer> other = b.get(e.getKey());
            if (other != null && !Collections.disjoint(e.getValue(), other)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isSubset(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
            Set<Integer> other = b.get(e.getKey());
            if (other == null || !other.containsAll(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    public static int count(Map<Uuid, Set<Integer>> a) {
        int n = 0;
        for (Set<Integer> ps : a.values()) {
            n += ps.size();
        }
        return n;
    }

    public static TreeMap<Uuid, Set<Integer>> mutable(Map<Uuid, Set<Integer>> a) {
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        a.forEach((t, ps) -> out.put(t, new TreeSet<>(ps)));
        return out;
    }
}
