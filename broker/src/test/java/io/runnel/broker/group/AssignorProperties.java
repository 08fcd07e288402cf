package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;

/** Invariants of the server-side assignors over random groups (heterogeneous subscriptions, prior targets). */
class AssignorProperties {

    @Property(tries = 400)
    void uniformShouldAssignEveryPartitionOnceToASubscriberAndBeBalanced(@ForAll("specs") ServerAssignor.Spec spec) {
        Map<String, Map<Uuid, Set<Integer>>> result = new UniformAssignor().assign(spec);
        assertEveryPartitionOnceToASubscriber(spec, result);
        Map<String, Integer> counts = new HashMap<>();
        result.forEach((m, a) -> counts.put(m, Assignments.count(a)));
        // No single move to another subscriber of the topic improves balance.
        result.forEach((owner, a) -> a.forEach((topic, partitions) -> spec.members().forEach((other, sub) -> {
            if (sub.topics().contains(topic)) {
                assertThat(counts.get(other)).as("%s (%d) vs %s (%d)", other, counts.get(other), owner,
                        counts.get(owner)).isGreaterThanOrEqualTo(counts.get(owner) - 1);
            }
        })));
        if (homogeneous(spec)) {
            int max = counts.values().stream().max(Integer::compare).orElse(0);
            int min = counts.values().stream().min(Integer::compare).orElse(0);
            assertThat(max - min).isLessThanOrEqualTo(1);
        }
    }

    @Property(tries = 200)
    void uniformShouldKeepABalancedPreviousAssignmentUnchanged(@ForAll("specs") ServerAssignor.Spec spec) {
        UniformAssignor assignor = new UniformAssignor();
        Map<String, Map<Uuid, Set<Integer>>> first = assignor.assign(spec);
        TreeMap<String, ServerAssignor.Subscription> again = new TreeMap<>();
        spec.members().forEach((m, s) -> again.put(m, new ServerAssignor.Subscription(s.topics(), first.get(m))));
        assertThat(assignor.assign(new ServerAssignor.Spec(again, spec.partitionCounts()))).isEqualTo(first);
    }

    @Property(tries = 400)
    void rangeShouldAssignEveryPartitionOnceAndBalancePerTopic(@ForAll("specs") ServerAssignor.Spec spec) {
        Map<String, Map<Uuid, Set<Integer>>> result = new RangeAssignor().assign(spec);
        assertEveryPartitionOnceToASubscriber(spec, result);
        spec.partitionCounts().keySet().forEach(topic -> {
            List<Integer> counts = spec.members().entrySet().stream()
                    .filter(e -> e.getValue().topics().contains(topic))
                    .map(e -> result.get(e.getKey()).getOrDefault(topic, Set.of()).size()).toList();
            if (!counts.isEmpty()) {
                assertThat(counts.stream().max(Integer::compare).get() - counts.stream().min(Integer::compare).get())
                        .isLessThanOrEqualTo(1);
            }
        });
    }

    private static void assertEveryPartitionOnceToASubscriber(ServerAssignor.Spec spec,
                                                              Map<String, Map<Uuid, Set<Integer>>> result) {
        assertThat(result.keySet()).isEqualTo(spec.members().keySet());
        Map<Uuid, Set<Integer>> seen = new HashMap<>();
        result.forEach((member, a) -> a.forEach((topic, partitions) -> {
            assertThat(spec.members().get(member).topics()).contains(topic);
            for (int p : partitions) {
                assertThat(p).isBetween(0, spec.partitionCounts().get(topic) - 1);
                assertThat(seen.computeIfAbsent(topic, t -> new TreeSet<>()).add(p))
                        .as("partition %s-%d assigned twice", topic, p).isTrue();
            }
        }));
        spec.partitionCounts().forEach((topic, count) -> {
            boolean subscribed = spec.members().values().stream().anyMatch(s -> s.topics().contains(topic));
            assertThat(seen.getOrDefault(topic, Set.of())).hasSize(subscribed ? count : 0);
        });
    }

    private static boolean homogeneous(ServerAssignor.Spec spec) {
        return spec.members().values().stream().map(ServerAssignor.Subscription::topics).distinct().count() <= 1;
    }

    @Provide
    Arbitrary<ServerAssignor.Spec> specs() {
        Arbitrary<Integer> topicCount = Arbitraries.integers().between(1, 5);
        return topicCount.flatMap(topics -> Arbitraries.integers().between(1, 12).list().ofSize(topics)
                .flatMap(partitionCounts -> Arbitraries.integers().between(1, 8).flatMap(members -> {
                    List<Uuid> ids = new java.util.ArrayList<>();
                    Map<Uuid, Integer> counts = new HashMap<>();
                    for (int t = 0; t < topics; t++) {
                        Uuid id = new Uuid(t + 1, 7);
                        ids.add(id);
                        counts.put(id, partitionCounts.get(t));
                    }
                    Arbitrary<Set<Uuid>> subscription = Arbitraries.of(ids).set().ofMinSize(0).ofMaxSize(topics);
                    Arbitrary<Boolean> everything = Arbitraries.of(true, false);
                    return Combinators2.listOf(subscription, members).flatMap(subs -> everything.flatMap(all ->
                            Arbitraries.integers().between(0, 10_000).map(seed -> {
                                java.util.Random random = new java.util.Random(seed);
                                TreeMap<String, ServerAssignor.Subscription> specMembers = new TreeMap<>();
                                for (int m = 0; m < members; m++) {
                                    Set<Uuid> sub = all ? new TreeSet<>(ids) : subs.get(m);
                                    // A random (possibly invalid, overlapping) previous target for stickiness.
                                    Map<Uuid, Set<Integer>> previous = new TreeMap<>();
                                    for (Uuid id : ids) {
                                        for (int p = 0; p < counts.get(id) + 1; p++) {
                                            if (random.nextInt(4) == 0) {
                                                previous.computeIfAbsent(id, k -> new TreeSet<>()).add(p);
                                            }
                                        }
                                    }
                                    specMembers.put("m" + m, new ServerAssignor.Subscription(sub,
                                            Assignments.copyOf(previous)));
                                }
                                return new ServerAssignor.Spec(specMembers, counts);
                            })));
                })));
    }

    /** jqwik helper: a list of {@code size} independent draws. */
    private static final class Combinators2 {
        static <T> Arbitrary<List<T>> listOf(Arbitrary<T> element, int size) {
            return element.list().ofSize(size);
        }
    }
}
