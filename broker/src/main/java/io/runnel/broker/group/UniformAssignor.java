package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code uniform} server assignor: spreads partitions evenly over members, keeping each member's previous
 * partitions where that does not hurt balance. Works for heterogeneous subscriptions.
 *
 * <p>Result invariants (checked by property tests): every partition of a subscribed topic is assigned exactly once,
 * to a member subscribed to its topic; and no single move of a partition to another subscriber of its topic can
 * improve balance: for a partition owned by A, every subscriber B of its topic has {@code count(B) >= count(A) - 1}.
 * With identical subscriptions that means member counts differ by at most one.
 *
 * <p>Algorithm: keep the still-valid previous partitions; give each unassigned partition (topics with fewest
 * subscribers first) to its least loaded subscriber; then move partitions from loaded members to the least loaded
 * subscriber of their topic until no move is possible. Each move decreases the sum of squared counts, so it ends.
 * Stateless, thread-safe.
 */
public final class UniformAssignor implements ServerAssignor {
    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec) {
        Map<Uuid, List<String>> subscribers = spec.subscribersByTopic();
        Map<String, TreeMap<Uuid, Set<Integer>>> owned = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        spec.members().keySet().forEach(m -> {
            owned.put(m, new TreeMap<>());
            counts.put(m, 0);
        });
        Map<Uuid, boolean[]> taken = new HashMap<>();
        subscribers.keySet().forEach(t -> taken.put(t, new boolean[spec.partitionCounts().get(t)]));

        // 1. Stickiness: keep previous partitions that are still valid.
        spec.members().forEach((member, sub) -> sub.current().forEach((topic, partitions) -> {
            boolean[] flags = taken.get(topic);
            if (flags == null || !sub.topics().contains(topic)) {
                return;
            }
            for (int p : partitions) {
                if (p < flags.length && !flags[p]) {
                    flags[p] = true;
                    give(owned, counts, member, topic, p);
                }
            }
        }));

        // 2. The rest to the least loaded subscriber, topics with the fewest subscribers first.
        List<Uuid> topics = new ArrayList<>(subscribers.keySet());
        topics.sort(Comparator.comparingInt((Uuid t) -> subscribers.get(t).size()).thenComparing(t -> t));
        for (Uuid topic : topics) {
            boolean[] flags = taken.get(topic);
            for (int p = 0; p < flags.length; p++) {
                if (!flags[p]) {
                    flags[p] = true;
                    give(owned, counts, leastLoaded(subscribers.get(topic), counts), topic, p);
                }
            }
        }

        // 3. Balance.
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoad = new ArrayList<>(owned.keySet());
            byLoad.sort(Comparator.comparingInt((String m) -> counts.get(m)).reversed().thenComparing(m -> m));
            for (String from : byLoad) {
                for (Map.Entry<Uuid, Set<Integer>> e : List.copyOf(owned.get(from).entrySet())) {
                    Uuid topic = e.getKey();
                    for (int p : List.copyOf(e.getValue())) {
                        String to = leastLoaded(subscribers.get(topic), counts);
                        if (counts.get(from) - counts.get(to) >= 2) {
                            take(owned, counts, from, topic, p);
                            give(owned, counts, to, topic, p);
                            moved = true;
                        }
                    }
                }
            }
        }
        Map<String, Map<Uuid, Set<Integer>>> result = new TreeMap<>();
        owned.forEach((m, a) -> result.put(m, Assignments.copyOf(a)));
        return result;
    }

    private static String leastLoaded(List<String> candidates, Map<String, Integer> counts) {
        String best = null;
        for (String m : candidates) {
            if (best == null || counts.get(m) < counts.get(best)) {
                best = m;
            }
        }
        return best;
    }

    private static void give(Map<String, TreeMap<Uuid, Set<Integer>>> owned, Map<String, Integer> counts,
                             String member, Uuid topic, int partition) {
        owned.get(member).computeIfAbsent(topic, t -> new TreeSet<>()).add(partition);
        counts.merge(member, 1, Integer::sum);
    }

    private static void take(Map<String, TreeMap<Uuid, Set<Integer>>> owned, Map<String, Integer> counts,
                             String member, Uuid topic, int partition) {
        Set<Integer> set = owned.get(member).get(topic);
        set.remove(partition);
        if (set.isEmpty()) {
            owned.get(member).remove(topic);
        }
        counts.merge(member, -1, Integer::sum);
    }
}
