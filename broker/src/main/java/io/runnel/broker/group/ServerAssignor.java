package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * A server-side partition assignor of consumer-protocol (KIP-848) groups: computes the target assignment of every
 * member from the members' subscriptions, the subscribed topics' partition counts and the previous target.
 * Implementations are stateless and deterministic (the same input always gives the same output): the coordinator
 * persists their output, but determinism keeps tests and replays simple. Thread-safe.
 */
public interface ServerAssignor {

    /** The name members select it by ({@code group.remote.assignor} / the heartbeat's ServerAssignor). */
    String name();

    /**
     * The target assignment of every member of {@code spec}; members without partitions map to an empty map.
     * Every partition of a topic some member subscribes to is assigned to exactly one member subscribed to it.
     */
    Map<String, Map<Uuid, Set<Integer>>> assign(Spec spec);

    /**
     * Input of an assignment.
     *
     * @param members         member id (sorted) to its subscription
     * @param partitionCounts partition count of every topic that exists (subscribed topics that do not exist are
     *                        absent)
     */
    record Spec(SortedMap<String, Subscription> members, Map<Uuid, Integer> partitionCounts) {
        public Spec {
            Objects.requireNonNull(members);
            Objects.requireNonNull(partitionCounts);
        }

        /** Per existing topic, the members subscribed to it, in member-id order. */
        public Map<Uuid, List<String>> subscribersByTopic() {
            Map<Uuid, List<String>> subscribers = new TreeMap<>();
            members.forEach((member, sub) -> {
                for (Uuid topic : sub.topics()) {
                    if (partitionCounts.containsKey(topic)) {
                        subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(member);
                    }
                }
            });
            return subscribers;
        }
    }

    /**
     * One member's subscription.
     *
     * @param topics  subscribed topics that exist, by id
     * @param current the member's previous target assignment (stickiness)
     */
    record Subscription(Set<Uuid> topics, Map<Uuid, Set<Integer>> current) {
    }

    static ServerAssignor byName(String name) {
        return switch (name) {
            case UniformAssignor.NAME -> new UniformAssignor();
            case RangeAssignor.NAME -> new RangeAssignor();
            default -> throw new IllegalArgumentException("unknown server assignor " + name);
        };
    }
}
