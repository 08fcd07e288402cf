package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import io.runnel.broker.group.GroupRecord.Key;
import io.runnel.broker.group.GroupRecord.OffsetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;

/**
 * Committed offsets on a {@link GroupShard}: OffsetCommit (v2-10, classic generations and KIP-848 member epochs),
 * OffsetFetch (one group of the multi-group form), OffsetDelete and retention. One record per committed partition;
 * deletion and expiry write tombstones so compaction drops them.
 *
 * <p>Thread: the shard's thread.
 */
public final class OffsetOps {
    static final String EXPIRY_TIMER = "expire-offsets";

    private final GroupShard shard;

    OffsetOps(GroupShard shard) {
        this.shard = shard;
    }

    // ---------------------------------------------------------------- OffsetCommit

    /** Request-level errors (unknown member, stale generation...) throw {@link GroupException}. */
    public OffsetCommitResponseData commit(OffsetCommitRequestData req, short version, long nowMs) {
        String groupId = req.groupId();
        if (groupId == null || groupId.isEmpty()) {
            throw new GroupException(Errors.INVALID_GROUP_ID);
        }
        validateCommit(groupId, req.generationIdOrMemberEpoch(), req.memberId(), req.groupInstanceId(), version);
        TopicsView topics = shard.topics.get();
        List<OffsetCommitResponseTopic> out = new ArrayList<>();
        for (OffsetCommitRequestTopic t : req.topics()) {
            String name = version >= 10 ? topics.topicName(t.topicId()) : t.name();
            List<OffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (OffsetCommitRequestPartition p : t.partitions()) {
                Errors error = Errors.NONE;
                if (name == null) {
                    error = Errors.UNKNOWN_TOPIC_ID;
                } else if (p.committedMetadata() != null
                        && p.committedMetadata().length() > shard.config.offsetMetadataMaxBytes()) {
                    error = Errors.OFFSET_METADATA_TOO_LARGE;
                } else {
                    long expireMs = version <= 4 && req.retentionTimeMs() >= 0 ? nowMs + req.retentionTimeMs() : -1;
                    shard.append(new GroupRecord(Key.offset(groupId, name, p.partitionIndex()),
                            new OffsetValue(p.committedOffset(), p.committedLeaderEpoch(),
                                    p.committedMetadata() == null ? "" : p.committedMetadata(), nowMs, expireMs)));
                }
                partitions.add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            out.add(new OffsetCommitResponseTopic().setName(t.name()).setTopicId(t.topicId())
                    .setPartitions(partitions));
        }
        return new OffsetCommitResponseData().setTopics(out);
    }

    private void validateCommit(String groupId, int generationOrEpoch, String memberId, String instanceId,
                                short version) {
        boolean anonymous = generationOrEpoch < 0 && (memberId == null || memberId.isEmpty()) && instanceId == null;
        Group g = shard.groups.get(groupId);
        if (g == null) {
            if (!anonymous) {
                throw new GroupException(version >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION);
            }
            return;
        }
        if (g instanceof ShareGroup) {
            throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "group " + groupId + " is a share group: it has "
                    + "share-partition offsets, not committed offsets");
        }
        if (g instanceof ClassicGroup group) {
            if (group.state == ClassicGroupState.DEAD) {
                throw new GroupException(Errors.COORDINATOR_NOT_AVAILABLE);
            }
            if (anonymous) {
                if (!group.isEmpty()) {
                    throw new GroupException(Errors.UNKNOWN_MEMBER_ID,
                            "the group has members: commits need a member id and generation");
                }
                return;
            }
            shard.classic.validateMember(group, memberId, instanceId);
            if (generationOrEpoch != group.generation) {
                throw new GroupException(Errors.ILLEGAL_GENERATION);
            }
            if (group.state == ClassicGroupState.COMPLETING_REBALANCE) {
                throw new GroupException(Errors.REBALANCE_IN_PROGRESS);
            }
        } else if (g instanceof ConsumerGroup group) {
            if (anonymous) {
                if (!group.isEmpty()) {
                    throw new GroupException(Errors.UNKNOWN_MEMBER_ID,
                            "the group has members: commits need a member id and epoch");
                }
                return;
            }
            validateConsumerMember(group, memberId, generationOrEpoch, version);
        }
    }

    private static void validateConsumerMember(ConsumerGroup group, String memberId, int epoch, short version) {
        CurrentAssignmentValue current = memberId == null ? null : group.current.get(memberId);
        if (current == null) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        // The previous epoch is accepted too: a commit sent just before the heartbeat that moved the member to its
        // new epoch arrives after it (the client cannot order the two), and it comes from the same live member.
        if (epoch != current.memberEpoch() && epoch != current.previousMemberEpoch()) {
            throw new GroupException(version >= 9 ? Errors.STALE_MEMBER_EPOCH : Errors.ILLEGAL_GENERATION,
                    "member epoch " + epoch + " is stale: the member is at epoch " + current.memberEpoch());
        }
    }

    // ---------------------------------------------------------------- OffsetFetch

    /** One group of an OffsetFetch (the v8+ shape; the handler converts older versions). */
    public OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup req, short version) {
        OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(req.groupId());
        Group g = shard.groups.get(req.groupId());
        if (req.memberId() != null && g instanceof ConsumerGroup group) {
            try {
                validateConsumerMember(group, req.memberId(), req.memberEpoch(), version);
            } catch (GroupException e) {
                return out.setErrorCode(e.error().code());
            }
        }
        TopicsView topics = shard.topics.get();
        Map<TopicPartition, OffsetValue> committed = shard.offsets.getOrDefault(req.groupId(), Map.of());
        List<OffsetFetchResponseTopics> result = new ArrayList<>();
        if (req.topics() == null) {
            TreeMap<String, List<OffsetFetchResponsePartitions>> byTopic = new TreeMap<>();
            committed.forEach((tp, v) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(partition(tp.partition(), v, Errors.NONE)));
            byTopic.forEach((topic, partitions) -> {
                Uuid id = topics.topicId(topic);
                if (version >= 10 && id == null) {
                    return;
                }
                partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
                result.add(new OffsetFetchResponseTopics().setName(topic).setTopicId(id == null ? Uuid.ZERO_UUID : id)
                        .setPartitions(partitions));
            });
        } else {
            for (OffsetFetchRequestTopics t : req.topics()) {
                String name = version >= 10 ? topics.topicName(t.topicId()) : t.name();
                List<OffsetFetchResponsePartitions> partitions = new ArrayList<>();
                for (int p : t.partitionIndexes()) {
                    if (name == null) {
                        partitions.add(partition(p, null, Errors.UNKNOWN_TOPIC_ID));
                    } else {
                        partitions.add(partition(p, committed.get(new TopicPartition(name, p)), Errors.NONE));
                    }
                }
                result.add(new OffsetFetchResponseTopics().setName(t.name()).setTopicId(t.topicId())
                        .setPartitions(partitions));
            }
        }
        return out.setTopics(result);
    }

    private static OffsetFetchResponsePartitions partition(int partition, OffsetValue v, Errors error) {
        return new OffsetFetchResponsePartitions().setPartitionIndex(partition)
                .setCommittedOffset(v == null ? -1 : v.offset()).setCommittedLeaderEpoch(v == null ? -1 : v.leaderEpoch())
                .setMetadata(v == null ? "" : v.metadata()).setErrorCode(error.code());
    }

    // ---------------------------------------------------------------- OffsetDelete

    public OffsetDeleteResponseData delete(OffsetDeleteRequestData req, long nowMs) {
        String groupId = req.groupId();
        Group g = shard.groups.get(groupId);
        if (g == null && !shard.offsets.containsKey(groupId)) {
            throw new GroupException(Errors.GROUP_ID_NOT_FOUND);
        }
        Set<String> subscribed = subscribedTopics(g);
        Map<TopicPartition, OffsetValue> committed = shard.offsets.getOrDefault(groupId, Map.of());
        OffsetDeleteResponseTopicCollection topicsOut = new OffsetDeleteResponseTopicCollection();
        for (OffsetDeleteRequestTopic t : req.topics()) {
            OffsetDeleteResponsePartitionCollection partitions = new OffsetDeleteResponsePartitionCollection();
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                Errors error = Errors.NONE;
                if (subscribed.contains(t.name())) {
                    error = Errors.GROUP_SUBSCRIBED_TO_TOPIC;
                } else if (committed.containsKey(new TopicPartition(t.name(), p.partitionIndex()))) {
                    shard.append(new GroupRecord(Key.offset(groupId, t.name(), p.partitionIndex()), null));
                }
                partitions.add(new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            topicsOut.add(new OffsetDeleteResponseTopic().setName(t.name()).setPartitions(partitions));
        }
        return new OffsetDeleteResponseData().setErrorCode(Errors.NONE.code()).setTopics(topicsOut);
    }

    /** Topics the group's members subscribe to (their offsets cannot be deleted). */
    private Set<String> subscribedTopics(Group g) {
        Set<String> out = new HashSet<>();
        if (g instanceof ConsumerGroup cg) {
            cg.members.values().forEach(m -> out.addAll(shard.consumer.subscribedNames(m, shard.topics.get())));
        } else if (g instanceof ClassicGroup cg && !cg.isEmpty()) {
            if (!"consumer".equals(cg.protocolType) || cg.protocolName == null) {
                throw new GroupException(Errors.NON_EMPTY_GROUP);
            }
            for (ClassicMember m : cg.members.values()) {
                byte[] metadata = m.metadata(cg.protocolName);
                if (metadata == null || metadata.length == 0) {
                    throw new GroupException(Errors.NON_EMPTY_GROUP);
                }
                ConsumerPartitionAssignor.Subscription s = ConsumerProtocol.deserializeSubscription(
                        ByteBuffer.wrap(metadata));
                out.addAll(s.topics());
            }
        }
        return out;
    }

    /** Tombstones every committed offset of the group. */
    void deleteAllOffsets(String groupId) {
        Map<TopicPartition, OffsetValue> committed = shard.offsets.get(groupId);
        if (committed == null) {
            return;
        }
        for (TopicPartition tp : List.copyOf(committed.keySet())) {
            shard.append(new GroupRecord(Key.offset(groupId, tp.topic(), tp.partition()), null));
        }
    }

    // ---------------------------------------------------------------- retention

    void scheduleExpiry(long nowMs) {
        shard.timers.schedule(EXPIRY_TIMER, nowMs + shard.config.offsetsRetentionCheckIntervalMs(), this::expire);
    }

    /**
     * Deletes offsets of groups without members once {@code offsets.retention.ms} passed since the later of the
     * commit and the group becoming empty; then removes empty groups that have no offsets left.
     */
    void expire(long nowMs) {
        long retentionMs = shard.config.offsetsRetentionMs();
        for (String groupId : List.copyOf(shard.offsets.keySet())) {
            Group g = shard.groups.get(groupId);
            if (g != null && !g.isEmpty()) {
                continue;
            }
            long emptySinceMs = g instanceof ClassicGroup cg ? cg.stateTimestampMs : 0;
            for (Map.Entry<TopicPartition, OffsetValue> e : List.copyOf(shard.offsets.get(groupId).entrySet())) {
                OffsetValue v = e.getValue();
                long expireAtMs = v.expireTimestampMs() >= 0 ? v.expireTimestampMs()
                        : Math.max(v.commitTimestampMs(), emptySinceMs) + retentionMs;
                if (nowMs >= expireAtMs) {
                    shard.append(new GroupRecord(Key.offset(groupId, e.getKey().topic(), e.getKey().partition()),
                            null));
                }
            }
        }
        for (Group g : List.copyOf(shard.groups.values())) {
            boolean idle = g instanceof ClassicGroup cg ? cg.state == ClassicGroupState.EMPTY
                    && cg.pendingMembers.isEmpty() : g.isEmpty();
            if (idle && !shard.offsets.containsKey(g.groupId())) {
                shard.deleteGroupRecords(g);
            }
        }
        scheduleExpiry(nowMs);
    }
}
