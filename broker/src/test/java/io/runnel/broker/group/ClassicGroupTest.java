package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ClassicGroupTest {
    static final short JOIN_VERSION = 9;
    final ShardHarness h = new ShardHarness(GroupCoordinatorConfig.defaults().withInitialRebalanceDelayMs(0));

    static JoinGroupRequestData join(String group, String memberId, String instanceId, String... protocols) {
        JoinGroupRequestProtocolCollection ps = new JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            ps.add(new JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes()));
        }
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(30_000).setProtocolType("consumer")
                .setProtocols(ps);
    }

    CompletableFuture<JoinGroupResponseData> joinAsync(JoinGroupRequestData req) {
        return h.run(() -> h.shard.classic().joinGroup("client", "/127.0.0.1", req, JOIN_VERSION, h.nowMs));
    }

    /** Dynamic member: round trip for the id, then the real join (may park). */
    CompletableFuture<JoinGroupResponseData> joinNew(String group) {
        JoinGroupResponseData first = joinAsync(join(group, "", null, "range")).join();
        assertThat(first.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        assertThat(first.memberId()).isNotEmpty();
        return joinAsync(join(group, first.memberId(), null, "range"));
    }

    SyncGroupResponseData sync(String group, JoinGroupResponseData joined, List<SyncGroupRequestAssignment> a) {
        return h.run(() -> h.shard.classic().syncGroup(new SyncGroupRequestData().setGroupId(group)
                .setMemberId(joined.memberId()).setGenerationId(joined.generationId()).setAssignments(a), h.nowMs))
                .getNow(null);
    }

    short heartbeat(String group, String memberId, int generation) {
        try {
            return h.run(() -> h.shard.classic().heartbeat(new HeartbeatRequestData().setGroupId(group)
                    .setMemberId(memberId).setGenerationId(generation), h.nowMs)).errorCode();
        } catch (GroupException e) {
            return e.error().code();
        }
    }

    @Test
    void shouldFormAGenerationAndDeliverTheLeadersAssignment() {
        JoinGroupResponseData a = joinNew("g").join();
        assertThat(a.generationId()).isEqualTo(1);
        assertThat(a.leader()).isEqualTo(a.memberId());
        assertThat(a.members()).hasSize(1);
        assertThat(a.protocolName()).isEqualTo("range");

        SyncGroupResponseData s = sync("g", a, List.of(new SyncGroupRequestAssignment().setMemberId(a.memberId())
                .setAssignment(new byte[] {1, 2})));
        assertThat(s.errorCode()).isZero();
        assertThat(s.assignment()).containsExactly(1, 2);
        assertThat(((ClassicGroup) h.shard.group("g")).state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(heartbeat("g", a.memberId(), 1)).isZero();
    }

    @Test
    void shouldRebalanceWhenASecondMemberJoinsAndParkUntilEveryoneRejoined() {
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of());
        CompletableFuture<JoinGroupResponseData> b = joinNew("g");
        assertThat(b).isNotDone();
        assertThat(heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());

        CompletableFuture<JoinGroupResponseData> a2 = joinAsync(join("g", a.memberId(), null, "range"));
        assertThat(a2).isDone();
        assertThat(b).isDone();
        assertThat(a2.join().generationId()).isEqualTo(2);
        assertThat(a2.join().members()).hasSize(2);
        assertThat(b.join().members()).isEmpty();

        // Follower syncs first and parks until the leader's assignment is stored.
        CompletableFuture<SyncGroupResponseData> followerSync = h.run(() -> h.shard.classic().syncGroup(
                new SyncGroupRequestData().setGroupId("g").setMemberId(b.join().memberId()).setGenerationId(2)
                        .setAssignments(List.of()), h.nowMs));
        assertThat(followerSync).isNotDone();
        sync("g", a2.join(), List.of(new SyncGroupRequestAssignment().setMemberId(b.join().memberId())
                .setAssignment(new byte[] {9})));
        assertThat(followerSync.join().assignment()).containsExactly(9);
        assertThat(heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(heartbeat("g", "nobody", 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void shouldDropMembersThatDoNotRejoinWithinTheRebalanceTimeout() {
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of());
        CompletableFuture<JoinGroupResponseData> b = joinNew("g");
        for (int i = 0; i < 5; i++) {
            h.advance(5_000);
            // Alive but not rejoining: heartbeats say a rebalance is on.
            assertThat(heartbeat("g", a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        }
        h.advance(4_999);
        assertThat(b).isNotDone();
        h.advance(1);
        assertThat(b.join().generationId()).isEqualTo(2);
        assertThat(b.join().leader()).isEqualTo(b.join().memberId());
        assertThat(((ClassicGroup) h.shard.group("g")).members).containsOnlyKeys(b.join().memberId());
    }

    @Test
    void shouldExpireSilentMembersAfterTheSessionTimeout() {
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of());
        h.advance(9_000);
        assertThat(heartbeat("g", a.memberId(), 1)).isZero();
        h.advance(9_000);
        assertThat(((ClassicGroup) h.shard.group("g")).members).isNotEmpty();
        h.advance(1_001);
        ClassicGroup g = (ClassicGroup) h.shard.group("g");
        assertThat(g.members).isEmpty();
        assertThat(g.state()).isEqualTo(ClassicGroupState.EMPTY);
        assertThat(g.generation()).isEqualTo(2);
    }

    @Test
    void shouldReplaceAStaticMemberWithoutRebalanceAndFenceTheOldId() {
        JoinGroupResponseData leader = joinNew("g").join();
        sync("g", leader, List.of());
        CompletableFuture<JoinGroupResponseData> s = joinAsync(join("g", "", "instance-1", "range"));
        JoinGroupResponseData leader2 = joinAsync(join("g", leader.memberId(), null, "range")).join();
        sync("g", leader2, List.of(new SyncGroupRequestAssignment().setMemberId(s.join().memberId())
                .setAssignment(new byte[] {7})));
        int generation = leader2.generationId();

        JoinGroupResponseData restarted = joinAsync(join("g", "", "instance-1", "range")).join();
        assertThat(restarted.errorCode()).isZero();
        assertThat(restarted.generationId()).isEqualTo(generation);
        assertThat(restarted.memberId()).isNotEqualTo(s.join().memberId());
        assertThat(sync("g", restarted, List.of()).assignment()).containsExactly(7);
        assertThat(((ClassicGroup) h.shard.group("g")).state()).isEqualTo(ClassicGroupState.STABLE);
        assertThatThrownBy(() -> h.run(() -> h.shard.classic().heartbeat(new HeartbeatRequestData().setGroupId("g")
                .setMemberId(s.join().memberId()).setGroupInstanceId("instance-1").setGenerationId(generation),
                h.nowMs))).isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.FENCED_INSTANCE_ID));
    }

    @Test
    void shouldLeaveInBatchesAndReportUnknownMembers() {
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of());
        var response = h.run(() -> h.shard.classic().leaveGroup(new LeaveGroupRequestData().setGroupId("g")
                .setMembers(List.of(new MemberIdentity().setMemberId(a.memberId()),
                        new MemberIdentity().setMemberId("ghost"))), (short) 5, h.nowMs));
        assertThat(response.members()).extracting(m -> m.errorCode())
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(((ClassicGroup) h.shard.group("g")).state()).isEqualTo(ClassicGroupState.EMPTY);
    }

    @Test
    void shouldRejectBadJoins() {
        assertThatThrownBy(() -> joinAsync(join("g", "", null, "range").setSessionTimeoutMs(10)))
                .isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT));
        assertThatThrownBy(() -> joinAsync(join("g", "who", null, "range")))
                .isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID));
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of());
        assertThatThrownBy(() -> joinAsync(join("g", "", null, "roundrobin")))
                .isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL));
    }

    @Test
    void shouldWaitTheInitialRebalanceDelayForMoreMembers() {
        ShardHarness delayed = new ShardHarness(GroupCoordinatorConfig.defaults().withInitialRebalanceDelayMs(3000));
        CompletableFuture<JoinGroupResponseData> a = delayed.run(() -> delayed.shard.classic().joinGroup("c", "h",
                join("g", "", "i1", "range"), JOIN_VERSION, delayed.nowMs));
        delayed.advance(2000);
        CompletableFuture<JoinGroupResponseData> b = delayed.run(() -> delayed.shard.classic().joinGroup("c", "h",
                join("g", "", "i2", "range"), JOIN_VERSION, delayed.nowMs));
        delayed.advance(1000);
        assertThat(a).isNotDone();
        delayed.advance(3000);
        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(b.join().generationId()).isEqualTo(1);
    }

    @Test
    void shouldRestoreAStableGroupFromItsRecords() {
        JoinGroupResponseData a = joinNew("g").join();
        sync("g", a, List.of(new SyncGroupRequestAssignment().setMemberId(a.memberId()).setAssignment(new byte[] {3})));
        assertThat(h.replayed().snapshot()).isEqualTo(h.shard.snapshot());
        h.restart();
        ClassicGroup g = (ClassicGroup) h.shard.group("g");
        assertThat(g.state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(g.generation()).isEqualTo(1);
        assertThat(heartbeat("g", a.memberId(), 1)).isZero();
        assertThat(sync("g", a, List.of()).assignment()).containsExactly(3);
    }
}
