package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class OffsetOpsTest {
    final ShardHarness h = new ShardHarness(GroupCoordinatorConfig.defaults());

    static OffsetCommitRequestData commit(String group, long offset, String metadata) {
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(new OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(3).setCommittedMetadata(metadata)))));
    }

    OffsetFetchResponseGroup fetch(String group, boolean all) {
        OffsetFetchRequestGroup req = new OffsetFetchRequestGroup().setGroupId(group).setTopics(all ? null
                : List.of(new OffsetFetchRequestTopics().setName("t").setPartitionIndexes(List.of(0, 1))));
        return h.run(() -> h.shard.offsets().fetch(req, (short) 9));
    }

    @Test
    void shouldCommitAndFetchAndSurviveARestart() {
        assertThat(h.run(() -> h.shard.offsets().commit(commit("g", 42, "meta"), (short) 9, h.nowMs)).topics()
                .get(0).partitions().get(0).errorCode()).isZero();
        h.restart();
        var partitions = fetch("g", false).topics().get(0).partitions();
        assertThat(partitions.get(0).committedOffset()).isEqualTo(42);
        assertThat(partitions.get(0).committedLeaderEpoch()).isEqualTo(3);
        assertThat(partitions.get(0).metadata()).isEqualTo("meta");
        assertThat(partitions.get(1).committedOffset()).isEqualTo(-1);
        assertThat(fetch("g", true).topics()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("t"));
        assertThat(h.shard.listGroups(java.util.Set.of(), java.util.Set.of())).singleElement()
                .satisfies(g -> assertThat(g.groupState()).isEqualTo("Empty"));
    }

    @Test
    void shouldRejectOversizedMetadataPerPartition() {
        String big = "x".repeat(5000);
        assertThat(h.run(() -> h.shard.offsets().commit(commit("g", 1, big), (short) 9, h.nowMs)).topics().get(0)
                .partitions().get(0).errorCode()).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE.code());
    }

    @Test
    void shouldRejectAGenerationForAnUnknownGroup() {
        assertThatThrownBy(() -> h.run(() -> h.shard.offsets().commit(commit("g", 1, "")
                .setGenerationIdOrMemberEpoch(3).setMemberId("m"), (short) 9, h.nowMs)))
                .isInstanceOfSatisfying(GroupException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND));
    }

    @Test
    void shouldDeleteGroupsAndOffsetsWithTombstones() {
        h.run(() -> h.shard.offsets().commit(commit("g", 1, ""), (short) 9, h.nowMs));
        var topics = new OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestTopic().setName("t").setPartitions(List.of(
                new OffsetDeleteRequestPartition().setPartitionIndex(0))));
        h.run(() -> h.shard.offsets().delete(new OffsetDeleteRequestData().setGroupId("g").setTopics(topics),
                h.nowMs));
        assertThat(fetch("g", false).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        assertThat(h.log.get(h.log.size() - 1)[1]).as("tombstone").isNull();

        h.run(() -> h.shard.offsets().commit(commit("g", 1, ""), (short) 9, h.nowMs));
        assertThat(h.run(() -> h.shard.deleteGroup("g", h.nowMs)).errorCode()).isZero();
        assertThat(h.run(() -> h.shard.deleteGroup("g", h.nowMs)).errorCode())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        h.restart();
        assertThat(h.shard.groups()).isEmpty();
        assertThat(fetch("g", true).topics()).isEmpty();
    }

    @Test
    void shouldExpireOffsetsOfEmptyGroupsAfterTheRetention() {
        h.run(() -> h.shard.offsets().commit(commit("g", 1, ""), (short) 9, h.nowMs));
        h.advance(h.config.offsetsRetentionMs() - h.config.offsetsRetentionCheckIntervalMs());
        assertThat(fetch("g", true).topics()).isNotEmpty();
        h.advance(2 * h.config.offsetsRetentionCheckIntervalMs());
        assertThat(fetch("g", true).topics()).isEmpty();
        assertThat(h.shard.groups()).isEmpty();
        assertThat(h.replayed().snapshot()).isEqualTo(h.shard.snapshot());
    }
}
