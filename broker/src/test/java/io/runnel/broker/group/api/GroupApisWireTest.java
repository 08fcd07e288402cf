package io.runnel.broker.group.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.metadata.TopicSpec;
import io.runnel.broker.testing.RawKafkaClient;
import io.runnel.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every advertised version of every group API over the wire against an in-process broker: requests decode,
 * responses encode (a field set outside its version would fail the encode and hang a real client), and the
 * answers carry the right error codes.
 */
class GroupApisWireTest {
    @TempDir
    static Path dir;
    static BrokerServer broker;
    static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBrokers.start(dir, Map.of("offsets.topic.num.partitions", "2",
                "group.initial.rebalance.delay.ms", "0"));
        TopicImage t = broker.metadata().create(new TopicSpec("orders", 2, Map.of(), false)).get(10, TimeUnit.SECONDS);
        topicId = t.id();
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> findCoordinator(c, (short) 6, "warmup")
                    .coordinators().get(0).errorCode() == Errors.NONE.code());
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static FindCoordinatorResponse findCoordinator(RawKafkaClient c, short version, String key)
            throws Exception {
        FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 0);
        if (version >= 4) {
            data.setCoordinatorKeys(List.of(key));
        } else {
            data.setKey(key);
        }
        return (FindCoordinatorResponse) c.roundTrip(new FindCoordinatorRequest.Builder(data).build(version));
    }

    @Test
    void shouldFindTheCoordinatorInEveryVersion() throws Exception {
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 0; v <= 6; v++) {
                FindCoordinatorResponse r = findCoordinator(c, v, "group-" + v);
                FindCoordinatorResponseDataView view = v >= 4
                        ? new FindCoordinatorResponseDataView(r.data().coordinators().get(0).errorCode(),
                        r.data().coordinators().get(0).port())
                        : new FindCoordinatorResponseDataView(r.data().errorCode(), r.data().port());
                assertThat(view.errorCode()).as("v%d", v).isEqualTo(Errors.NONE.code());
                assertThat(view.port()).as("v%d", v).isEqualTo(broker.boundPort());
            }
        }
    }

    private record FindCoordinatorResponseDataView(short errorCode, int port) {
    }

    @Test
    void shouldRunAClassicGroupInEveryVersion() throws Exception {
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 0; v <= 9; v++) {
                String group = "classic-v" + v;
                JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                        new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
                protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[] {1}));
                JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setMemberId("")
                        .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                        .setProtocols(protocols);
                JoinGroupResponse joined = (JoinGroupResponse) c.roundTrip(new JoinGroupRequest.Builder(join)
                        .build(v));
                if (v >= 4) {
                    assertThat(joined.error()).as("v%d", v).isEqualTo(Errors.MEMBER_ID_REQUIRED);
                    join.setMemberId(joined.data().memberId());
                    joined = (JoinGroupResponse) c.roundTrip(new JoinGroupRequest.Builder(join).build(v));
                }
                assertThat(joined.error()).as("v%d", v).isEqualTo(Errors.NONE);
                assertThat(joined.data().generationId()).isEqualTo(1);
                assertThat(joined.isLeader()).isTrue();
                String memberId = joined.data().memberId();

                short syncVersion = (short) Math.min(v, 5);
                SyncGroupResponse synced = (SyncGroupResponse) c.roundTrip(new SyncGroupRequest.Builder(
                        new SyncGroupRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(1)
                                .setProtocolType(syncVersion >= 5 ? "consumer" : null)
                                .setProtocolName(syncVersion >= 5 ? "range" : null)
                                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                                        .setMemberId(memberId).setAssignment(new byte[] {4, 2}))))
                        .build(syncVersion));
                assertThat(synced.error()).as("sync v%d", syncVersion).isEqualTo(Errors.NONE);
                assertThat(synced.data().assignment()).containsExactly(4, 2);

                short hbVersion = (short) Math.min(v, 4);
                HeartbeatResponse hb = (HeartbeatResponse) c.roundTrip(new HeartbeatRequest.Builder(
                        new HeartbeatRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(1))
                        .build(hbVersion));
                assertThat(hb.error()).isEqualTo(Errors.NONE);
                HeartbeatResponse stale = (HeartbeatResponse) c.roundTrip(new HeartbeatRequest.Builder(
                        new HeartbeatRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(7))
                        .build(hbVersion));
                assertThat(stale.error()).isEqualTo(Errors.ILLEGAL_GENERATION);

                short describeVersion = (short) Math.min(v, 6);
                DescribeGroupsResponse described = (DescribeGroupsResponse) c.roundTrip(
                        new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of(group)))
                                .build(describeVersion));
                assertThat(described.data().groups().get(0).groupState()).isEqualTo("Stable");
                assertThat(described.data().groups().get(0).members()).hasSize(1);

                short leaveVersion = (short) Math.min(v, 5);
                LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
                if (leaveVersion >= 3) {
                    leave.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)));
                } else {
                    leave.setMemberId(memberId);
                }
                LeaveGroupResponse left = (LeaveGroupResponse) c.roundTrip(
                        new LeaveGroupRequest.Builder(group, leave.members().isEmpty()
                                ? List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId))
                                : leave.members()).build(leaveVersion));
                assertThat(left.error()).as("leave v%d", leaveVersion).isEqualTo(Errors.NONE);
            }
        }
    }

    @Test
    void shouldCommitAndFetchOffsetsInEveryVersion() throws Exception {
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 2; v <= 10; v++) {
                String group = "offsets-v" + v;
                OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData
                        .OffsetCommitRequestTopic().setPartitions(List.of(new OffsetCommitRequestData
                        .OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(100 + v)
                        .setCommittedMetadata("m")));
                if (v >= 10) {
                    topic.setTopicId(topicId);
                } else {
                    topic.setName("orders");
                }
                OffsetCommitResponse committed = (OffsetCommitResponse) c.roundTrip(OffsetCommitRequest.Builder.forTopicIdsOrNames(
                        new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1)
                                .setMemberId("").setTopics(List.of(topic))).build(v));
                assertThat(committed.data().topics().get(0).partitions().get(0).errorCode()).as("commit v%d", v)
                        .isEqualTo(Errors.NONE.code());
            }
            for (short v = 1; v <= 10; v++) {
                String group = "offsets-v" + Math.max(2, v);
                long expected = 100 + Math.max(2, v);
                OffsetFetchRequestData.OffsetFetchRequestTopics topic = new OffsetFetchRequestData
                        .OffsetFetchRequestTopics().setPartitionIndexes(List.of(0, 1));
                if (v >= 10) {
                    topic.setTopicId(topicId);
                } else {
                    topic.setName("orders");
                }
                OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                                .setTopics(List.of(topic))));
                OffsetFetchResponse fetched = (OffsetFetchResponse) c.roundTrip(
                        OffsetFetchRequest.Builder.forTopicIdsOrNames(data, false).build(v));
                var partitions = fetched.group(group).topics().get(0).partitions();
                assertThat(partitions).extracting(p -> p.committedOffset()).as("fetch v%d", v)
                        .containsExactly(-1L, expected);
            }
        }
    }

    @Test
    void shouldListDescribeAndDeleteGroupsInEveryVersion() throws Exception {
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 0; v <= 3; v++) {
                String group = "deletable-v" + v;
                c.roundTrip(OffsetCommitRequest.Builder.forTopicIdsOrNames(new OffsetCommitRequestData().setGroupId(group)
                        .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders")
                                        .setPartitions(List.of(new OffsetCommitRequestData
                                                .OffsetCommitRequestPartition().setPartitionIndex(0)
                                                .setCommittedOffset(1)))))).build((short) 9));
                OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
                topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                .setPartitionIndex(0))));
                OffsetDeleteResponse offsetDeleted = (OffsetDeleteResponse) c.roundTrip(
                        new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData().setGroupId(group)
                                .setTopics(topics)).build((short) 0));
                assertThat(offsetDeleted.data().errorCode()).isEqualTo(Errors.NONE.code());
                DeleteGroupsResponse deleted = (DeleteGroupsResponse) c.roundTrip(new DeleteGroupsRequest.Builder(
                        new DeleteGroupsRequestData().setGroupsNames(List.of(group, "never-existed"))).build(v));
                assertThat(deleted.get(group)).as("delete v%d", v).isEqualTo(Errors.NONE);
                assertThat(deleted.get("never-existed")).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            }
            for (short v = 0; v <= 5; v++) {
                ListGroupsRequestData data = new ListGroupsRequestData();
                if (v >= 4) {
                    data.setStatesFilter(List.of("Empty"));
                }
                ListGroupsResponse listed = (ListGroupsResponse) c.roundTrip(new ListGroupsRequest.Builder(data)
                        .build(v));
                assertThat(listed.data().errorCode()).as("list v%d", v).isEqualTo(Errors.NONE.code());
            }
            DescribeGroupsResponse unknown = (DescribeGroupsResponse) c.roundTrip(new DescribeGroupsRequest.Builder(
                    new DescribeGroupsRequestData().setGroups(List.of("nope"))).build((short) 6));
            assertThat(unknown.data().groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        }
    }

    @Test
    void shouldRunAConsumerProtocolGroupInEveryVersion() throws Exception {
        try (RawKafkaClient c = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 0; v <= 1; v++) {
                String group = "kip848-v" + v;
                ConsumerGroupHeartbeatResponse joined = (ConsumerGroupHeartbeatResponse) c.roundTrip(
                        new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                                .setGroupId(group).setMemberId(v == 0 ? "" : Uuid.randomUuid().toString())
                                .setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                                .setSubscribedTopicNames(List.of("orders")).setTopicPartitions(List.of()))
                                .build(v));
                assertThat(joined.data().errorCode()).as("v%d", v).isEqualTo(Errors.NONE.code());
                assertThat(joined.data().memberEpoch()).isEqualTo(1);
                assertThat(joined.data().memberId()).isNotEmpty();
                assertThat(joined.data().assignment().topicPartitions()).singleElement()
                        .satisfies(tp -> assertThat(tp.partitions()).containsExactly(0, 1));
                ConsumerGroupHeartbeatResponse fenced = (ConsumerGroupHeartbeatResponse) c.roundTrip(
                        new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                                .setGroupId(group).setMemberId(joined.data().memberId()).setMemberEpoch(9))
                                .build(v));
                assertThat(fenced.data().errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
                ConsumerGroupDescribeResponse described = (ConsumerGroupDescribeResponse) c.roundTrip(
                        new ConsumerGroupDescribeRequest.Builder(new ConsumerGroupDescribeRequestData()
                                .setGroupIds(List.of(group, "classic-or-missing"))).build(v));
                assertThat(described.data().groups().get(0).groupState()).isEqualTo("Stable");
                assertThat(described.data().groups().get(0).members().get(0).assignment().topicPartitions()
                        .get(0).topicName()).isEqualTo("orders");
                assertThat(described.data().groups().get(1).errorCode())
                        .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
            }
        }
    }
}
