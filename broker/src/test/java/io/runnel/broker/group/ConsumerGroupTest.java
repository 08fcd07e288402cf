package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {
    final ShardHarness h = new ShardHarness(GroupCoordinatorConfig.defaults());
    Uuid orders;

    @BeforeEach
    void topics() {
        orders = h.topics.create("orders", 6);
    }

    static ConsumerGroupHeartbeatRequestData joinRequest(String memberId, String instanceId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId).setMemberEpoch(0)
                .setInstanceId(instanceId).setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("orders"))
                .setTopicPartitions(List.of());
    }

    ConsumerGroupHeartbeatResponseData hb(ConsumerGroupHeartbeatRequestData req) {
        return h.run(() -> h.shard.consumer().heartbeat("client", "/127.0.0.1", req, (short) 1, h.nowMs));
    }

    /** A steady-state heartbeat reporting what the member owns. */
    ConsumerGroupHeartbeatResponseData hb(String memberId, int epoch, Map<Uuid, Set<Integer>> owned) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> tps = new ArrayList<>();
        owned.forEach((t, ps) -> tps.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(t)
                .setPartitions(new ArrayList<>(ps))));
        return hb(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId).setMemberEpoch(epoch)
                .setTopicPartitions(tps));
    }

    static Map<Uuid, Set<Integer>> assignment(ConsumerGroupHeartbeatResponseData r) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        r.assignment().topicPartitions().forEach(tp -> out.put(tp.topicId(), new TreeSet<>(tp.partitions())));
        return Assignments.copyOf(out);
    }

    @Test
    void shouldGiveASingleMemberEveryPartition() {
        ConsumerGroupHeartbeatResponseData r = hb(joinRequest("m1", null));
        assertThat(r.errorCode()).isZero();
        assertThat(r.memberEpoch()).isEqualTo(1);
        assertThat(assignment(r)).isEqualTo(Map.of(orders, Set.of(0, 1, 2, 3, 4, 5)));
        assertThat(h.shard.group("g").stateLabel()).isEqualTo("Stable");
    }

    @Test
    void shouldRevokeFromTheOldOwnerBeforeAssigningToTheNewOne() {
        ConsumerGroupHeartbeatResponseData r1 = hb(joinRequest("m1", null));
        Map<Uuid, Set<Integer>> m1Owns = assignment(r1);
        ConsumerGroupHeartbeatResponseData r2 = hb(joinRequest("m2", null));
        assertThat(r2.memberEpoch()).isEqualTo(2);
        // m2 must wait: all of its target partitions are still held by m1.
        assertThat(assignment(r2)).isEmpty();
        assertThat(h.shard.group("g").stateLabel()).isEqualTo("Reconciling");

        // m1 is asked to give three partitions up, keeping its epoch until it acknowledges.
        ConsumerGroupHeartbeatResponseData revoke = hb("m1", 1, m1Owns);
        assertThat(revoke.memberEpoch()).isEqualTo(1);
        Map<Uuid, Set<Integer>> kept = assignment(revoke);
        assertThat(Assignments.count(kept)).isEqualTo(3);
        // Still reporting the old partitions: nothing moves.
        assertThat(hb("m2", 2, Map.of()).assignment()).as("unchanged").isNull();

        ConsumerGroupHeartbeatResponseData acked = hb("m1", 1, kept);
        assertThat(acked.memberEpoch()).isEqualTo(2);
        ConsumerGroupHeartbeatResponseData m2Gets = hb("m2", 2, Map.of());
        assertThat(assignment(m2Gets)).isEqualTo(Assignments.minus(m1Owns, kept));
        hb("m2", 2, assignment(m2Gets));
        assertThat(h.shard.group("g").stateLabel()).isEqualTo("Stable");
        assertThat(h.replayed().snapshot()).isEqualTo(h.shard.snapshot());
    }

    @Test
    void shouldFenceStaleAndFutureEpochs() {
        hb(joinRequest("m1", null));
        assertThatThrownBy(() -> hb("m1", 5, Map.of())).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(Errors.FENCED_MEMBER_EPOCH));
        assertThatThrownBy(() -> hb("nobody", 1, Map.of())).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID));
        assertThatThrownBy(() -> hb(joinRequest("m2", null).setServerAssignor("sticky")))
                .isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR));
    }

    @Test
    void shouldRemoveAMemberAfterTheSessionTimeoutAndReassign() {
        hb(joinRequest("m1", null));
        ConsumerGroupHeartbeatResponseData r2 = hb(joinRequest("m2", null));
        hb("m1", 1, Map.of(orders, Set.of(0, 1, 2, 3, 4, 5)));
        hb("m1", 1, Map.of(orders, Set.of(0, 1, 2)));
        for (int i = 0; i < 10; i++) {
            h.advance(5_000);
            hb("m2", r2.memberEpoch(), Map.of());
        }
        ConsumerGroup g = (ConsumerGroup) h.shard.group("g");
        assertThat(g.members).containsOnlyKeys("m2");
        ConsumerGroupHeartbeatResponseData after = hb("m2", g.current.get("m2").memberEpoch(), Map.of());
        assertThat(assignment(after)).isEqualTo(Map.of(orders, Set.of(0, 1, 2, 3, 4, 5)));
    }

    @Test
    void shouldFenceAMemberThatDoesNotRevokeWithinTheRebalanceTimeout() {
        hb(joinRequest("m1", null));
        hb(joinRequest("m2", null));
        hb("m1", 1, Map.of(orders, Set.of(0, 1, 2, 3, 4, 5)));
        for (int i = 0; i < 7; i++) {
            h.advance(5_000);
            hb(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m2").setMemberEpoch(2));
            if (h.shard.group("g") instanceof ConsumerGroup g && g.members.containsKey("m1")) {
                hb(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("m1").setMemberEpoch(1));
            }
        }
        assertThat(((ConsumerGroup) h.shard.group("g")).members).containsOnlyKeys("m2");
    }

    @Test
    void shouldLetAStaticMemberComeBackWithItsAssignment() {
        hb(joinRequest("a1", "instance-a"));
        ConsumerGroupHeartbeatResponseData left = hb(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("a1").setInstanceId("instance-a").setMemberEpoch(-2));
        assertThat(left.memberEpoch()).isEqualTo(-2);
        ConsumerGroupHeartbeatResponseData back = hb(joinRequest("a2", "instance-a"));
        assertThat(back.memberEpoch()).isEqualTo(1);
        assertThat(assignment(back)).isEqualTo(Map.of(orders, Set.of(0, 1, 2, 3, 4, 5)));
        assertThat(((ConsumerGroup) h.shard.group("g")).members).containsOnlyKeys("a2");
        assertThatThrownBy(() -> hb(joinRequest("a3", "instance-a"))).isInstanceOfSatisfying(GroupException.class,
                e -> assertThat(e.error()).isEqualTo(Errors.UNRELEASED_INSTANCE_ID));
        assertThat(h.replayed().snapshot()).isEqualTo(h.shard.snapshot());
    }

    @Test
    void shouldBumpTheEpochWhenPartitionsAreAdded() {
        ConsumerGroupHeartbeatResponseData r = hb(joinRequest("m1", null));
        h.topics.create("orders", 8);
        orders = h.topics.topicId("orders");
        ConsumerGroupHeartbeatResponseData after = hb("m1", r.memberEpoch(), assignment(r));
        assertThat(after.memberEpoch()).isEqualTo(2);
        assertThat(assignment(after).get(orders)).hasSize(8);
    }

    @Test
    void shouldDescribeMembersWithTheirAssignments() {
        hb(joinRequest("m1", null));
        var described = h.shard.consumer().describe("g");
        assertThat(described.errorCode()).isZero();
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.assignorName()).isEqualTo("uniform");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.memberEpoch()).isEqualTo(1);
            assertThat(m.assignment().topicPartitions()).singleElement()
                    .satisfies(tp -> assertThat(tp.topicName()).isEqualTo("orders"));
        });
        assertThat(h.shard.consumer().describe("missing").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }
}
