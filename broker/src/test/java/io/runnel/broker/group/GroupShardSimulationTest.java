package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic simulation: one seed drives simulated consumers (KIP-848 and classic) that join, heartbeat,
 * acknowledge revocations, commit, leave and crash, plus topic growth and a fake clock. After every step:
 * no partition has two live owners (the safety property of reconciliation), the shard's derived ownership agrees
 * with its members' assignments, committed offsets never go backwards, and replaying the records produced so far
 * rebuilds exactly the same persisted state. The seed is in the test name on failure.
 */
class GroupShardSimulationTest {
    private static final int STEPS = 1000;
    private static final int REBALANCE_TIMEOUT_MS = 20_000;
    private static final boolean TRACE = Boolean.getBoolean("sim.trace");

    /** A simulated KIP-848 consumer: owns exactly what the coordinator last gave it. */
    private static final class Consumer {
        final String memberId;
        int epoch = -1;
        Map<Uuid, Set<Integer>> owned = Assignments.EMPTY;
        boolean alive = true;
        boolean joined;
        long lastHeartbeatMs;
        /** When the coordinator asked for a revocation not yet acknowledged, else -1. */
        long revocationAskedMs = -1;

        Consumer(String memberId) {
            this.memberId = memberId;
        }
    }

    private static final class ClassicClient {
        String memberId = "";
        int generation = -1;
        CompletableFuture<JoinGroupResponseData> join;
        CompletableFuture<SyncGroupResponseData> sync;
        boolean alive = true;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_991})
    void shouldKeepInvariantsUnderRandomEvents(long seed) {
        Random random = new Random(seed);
        ShardHarness h = new ShardHarness(GroupCoordinatorConfig.defaults().withInitialRebalanceDelayMs(0));
        h.topics.create("a", 4);
        h.topics.create("b", 3);
        List<Consumer> consumers = new ArrayList<>();
        List<ClassicClient> classics = new ArrayList<>();
        Map<String, Long> lastCommitted = new HashMap<>();
        int nextId = 0;
        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(100);
            if (action < 8 && consumers.stream().filter(c -> c.alive).count() < 5) {
                consumers.add(new Consumer("c" + nextId++));
            } else if (action < 55 && !consumers.isEmpty()) {
                heartbeat(h, consumers.get(random.nextInt(consumers.size())), random);
            } else if (action < 58 && !consumers.isEmpty()) {
                Consumer c = consumers.get(random.nextInt(consumers.size()));
                if (c.alive && c.joined) {
                    leave(h, c);
                }
            } else if (action < 60 && !consumers.isEmpty()) {
                consumers.get(random.nextInt(consumers.size())).alive = false;
            } else if (action < 70) {
                h.advance(random.nextInt(8_000));
            } else if (action < 72) {
                String topic = random.nextBoolean() ? "a" : "b";
                h.topics.partitions.merge(topic, 1, Integer::sum);
            } else if (action < 80) {
                long offset = step;
                String group = "standalone-" + random.nextInt(3);
                h.run(() -> h.shard.offsets().commit(new OffsetCommitRequestData().setGroupId(group)
                        .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("a").setPartitions(
                                        List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                                .setPartitionIndex(0).setCommittedOffset(offset))))),
                        (short) 9, h.nowMs));
                lastCommitted.put(group, offset);
            } else if (action < 92) {
                if (classics.size() < 3 && random.nextInt(4) == 0) {
                    classics.add(new ClassicClient());
                }
                if (!classics.isEmpty()) {
                    classicStep(h, classics.get(random.nextInt(classics.size())), random);
                }
            } else if (action < 94) {
                h.restart();
            } else {
                h.advance(random.nextInt(500));
            }
            checkInvariants(h, consumers, lastCommitted, seed, step);
        }
    }

    private static void heartbeat(ShardHarness h, Consumer c, Random random) {
        if (!c.alive) {
            return;
        }
        ConsumerGroupHeartbeatRequestData req = new ConsumerGroupHeartbeatRequestData().setGroupId("cg")
                .setMemberId(c.memberId);
        if (!c.joined) {
            req.setMemberEpoch(0).setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                    .setSubscribedTopicNames(random.nextBoolean() ? List.of("a", "b") : List.of("a"))
                    .setServerAssignor(random.nextBoolean() ? "uniform" : "range").setTopicPartitions(List.of());
        } else {
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned = new ArrayList<>();
            c.owned.forEach((t, ps) -> owned.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                    .setTopicId(t).setPartitions(new ArrayList<>(ps))));
            req.setMemberEpoch(c.epoch).setTopicPartitions(owned);
        }
        try {
            ConsumerGroupHeartbeatResponseData r = h.run(() -> h.shard.consumer().heartbeat("client", "host", req,
                    (short) 1, h.nowMs));
            if (TRACE) {
                System.out.println(h.nowMs + " hb " + c.memberId + " epoch " + req.memberEpoch() + " owned " + c.owned
                        + " -> epoch " + r.memberEpoch() + " assignment " + r.assignment() + " server "
                        + ((ConsumerGroup) h.shard.group("cg")).current.get(c.memberId));
            }
            c.joined = true;
            c.lastHeartbeatMs = h.nowMs;
            c.revocationAskedMs = -1;
            c.epoch = r.memberEpoch();
            if (r.assignment() != null) {
                Map<Uuid, Set<Integer>> next = new TreeMap<>();
                r.assignment().topicPartitions().forEach(tp -> next.put(tp.topicId(), new TreeSet<>(tp.partitions())));
                // The client revokes what is no longer assigned and takes the rest.
                if (!Assignments.minus(c.owned, next).isEmpty()) {
                    c.revocationAskedMs = h.nowMs;
                }
                c.owned = Assignments.copyOf(next);
            }
        } catch (GroupException e) {
            if (TRACE) {
                System.out.println(h.nowMs + " hb " + c.memberId + " epoch " + req.memberEpoch() + " -> " + e.error());
            }
            // Fenced or removed: a real consumer drops its partitions and rejoins with epoch 0.
            assertThat(e.error()).isIn(Errors.FENCED_MEMBER_EPOCH, Errors.UNKNOWN_MEMBER_ID);
            c.owned = Assignments.EMPTY;
            c.joined = false;
        }
    }

    private static void leave(ShardHarness h, Consumer c) {
        try {
            h.run(() -> h.shard.consumer().heartbeat("client", "host", new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("cg").setMemberId(c.memberId).setMemberEpoch(-1), (short) 1, h.nowMs));
        } catch (GroupException e) {
            // Already removed (session or rebalance timeout): leaving is then a no-op for the client.
            assertThat(e.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        }
        c.owned = Assignments.EMPTY;
        c.joined = false;
        c.alive = false;
    }

    private static void classicStep(ShardHarness h, ClassicClient c, Random random) {
        if (!c.alive) {
            return;
        }
        try {
            if (c.join != null && c.join.isDone()) {
                JoinGroupResponseData r = c.join.join();
                c.join = null;
                if (r.errorCode() == Errors.NONE.code()) {
                    c.memberId = r.memberId();
                    c.generation = r.generationId();
                    c.sync = h.run(() -> h.shard.classic().syncGroup(new SyncGroupRequestData().setGroupId("classic")
                            .setMemberId(r.memberId()).setGenerationId(r.generationId()).setAssignments(List.of()),
                            h.nowMs));
                } else if (r.errorCode() == Errors.MEMBER_ID_REQUIRED.code()) {
                    c.memberId = r.memberId();
                } else {
                    c.memberId = "";
                }
            } else if (c.join == null && (c.generation < 0 || random.nextInt(5) == 0)) {
                JoinGroupRequestData.JoinGroupRequestProtocolCollection ps =
                        new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
                ps.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
                c.join = h.run(() -> h.shard.classic().joinGroup("c", "h", new JoinGroupRequestData()
                        .setGroupId("classic").setMemberId(c.memberId).setSessionTimeoutMs(10_000)
                        .setRebalanceTimeoutMs(15_000).setProtocolType("consumer").setProtocols(ps), (short) 9,
                        h.nowMs));
            } else if (c.generation >= 0) {
                h.run(() -> h.shard.classic().heartbeat(new HeartbeatRequestData().setGroupId("classic")
                        .setMemberId(c.memberId).setGenerationId(c.generation), h.nowMs));
            }
        } catch (GroupException e) {
            if (e.error() == Errors.UNKNOWN_MEMBER_ID) {
                c.memberId = "";
            }
            c.generation = -1;
        }
    }

    private static void checkInvariants(ShardHarness h, List<Consumer> consumers, Map<String, Long> lastCommitted,
                                        long seed, int step) {
        String where = "seed " + seed + " step " + step;
        // Safety: no partition owned by two live consumers.
        Map<String, String> owner = new HashMap<>();
        for (Consumer c : consumers) {
            // A consumer silent for a whole session has lost its partitions (session semantics of every protocol).
            // Likewise one that did not acknowledge a revocation within the rebalance timeout (the real client's
            // poll timer, max.poll.interval.ms, makes it leave by then).
            if (!c.alive || h.nowMs - c.lastHeartbeatMs >= h.config.consumerSessionTimeoutMs()
                    || (c.revocationAskedMs >= 0 && h.nowMs - c.revocationAskedMs >= REBALANCE_TIMEOUT_MS)) {
                continue;
            }
            c.owned.forEach((t, ps) -> ps.forEach(p -> {
                String previous = owner.put(t + "-" + p, c.memberId);
                assertThat(previous).as("%s: %s-%d owned by %s and %s", where, t, p, previous, c.memberId).isNull();
            }));
        }
        if (h.shard.group("cg") instanceof ConsumerGroup g) {
            Map<Uuid, Map<Integer, String>> derived = new HashMap<>();
            g.current.forEach((m, cur) -> {
                Assignments.union(cur.assigned(), cur.pendingRevocation()).forEach((t, ps) -> ps.forEach(p -> {
                    String prev = derived.computeIfAbsent(t, k -> new HashMap<>()).put(p, m);
                    assertThat(prev).as("%s: server gives %s-%d to %s and %s", where, t, p, prev, m).isNull();
                }));
            });
            derived.values().removeIf(Map::isEmpty);
            Map<Uuid, Map<Integer, String>> actual = new HashMap<>(g.owners);
            actual.values().removeIf(Map::isEmpty);
            assertThat(actual).as(where).isEqualTo(derived);
            assertThat(g.members.keySet()).as(where).isEqualTo(g.current.keySet());
            assertThat(g.assignmentEpoch).as(where).isLessThanOrEqualTo(g.groupEpoch);
        }
        lastCommitted.forEach((group, offset) -> assertThat(h.shard.offsets.get(group).values())
                .as(where).allSatisfy(v -> assertThat(v.offset()).isEqualTo(offset)));
        if (step % 20 == 0 || step == STEPS - 1) {
            assertThat(h.replayed().snapshot()).as(where).isEqualTo(h.shard.snapshot());
        }
    }
}
