package io.runnel.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code range} server assignor: per topic, the subscribers (sorted by member id) get consecutive ranges of
 * partitions, the first {@code partitions % subscribers} one extra. Topics with the same partition count and the
 * same subscribers are therefore co-partitioned: a member gets the same partition numbers of each (joins).
 *
 * <p>Invariants: every partition of a subscribed topic is assigned exactly once, to a subscriber; per topic the
 * subscribers' counts differ by at most one. Stateless, thread-safe.
 */
public final class RangeAssignor implements ServerAssignor {
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec) {
        Map<Uuid, List<String>> subscribers = spec.subscribersByTopic();
        Map<String, Map<Uuid, Set<Integer>>> out = new TreeMap<>();
        spec.members().keySet().forEach(m -> out.put(m, new TreeMap<>()));
        subscribers.forEach((topic, members) -> {
            int partitions = spec.partitionCounts().get(topic);
            int quota = partitions / members.size();
            int extra = partitions % members.size();
            int next = 0;
            for (int i = 0; i < members.size(); i++) {
                int n = quota + (i < extra ? 1 : 0);
                if (n > 0) {
                    Set<Integer> range = new TreeSet<>();
                    for (int p = next; p < next + n; p++) {
                        range.add(p);
                    }
                    out.get(members.get(i)).put(topic, range);
                }
                next += n;
            }
        });
        Map<String, Map<Uuid, Set<Integer>>> result = new TreeMap<>();
        out.forEach((m, a) -> result.put(m, Assignments.copyOf(a)));
        return result;
    }
}
