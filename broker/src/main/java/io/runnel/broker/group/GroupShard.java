package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.ClassicGroupValue;
import io.runnel.broker.group.GroupRecord.ConsumerGroupValue;
import io.runnel.broker.group.GroupRecord.ConsumerMemberValue;
import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import io.runnel.broker.group.GroupRecord.Key;
import io.runnel.broker.group.GroupRecord.OffsetValue;
import io.runnel.broker.group.GroupRecord.TargetAssignmentEpochValue;
import io.runnel.broker.group.GroupRecord.TargetAssignmentValue;
import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;

/**
 * The group coordinator state machine of one {@code __consumer_offsets} partition: an event-sourced shard.
 *
 * <p>Every operation validates, then expresses its effect as {@link GroupRecord}s through {@link #append}, which
 * applies the record with {@link #replay} (the one place persisted state changes) and collects it into the current
 * {@link CoordinatorResult}; the runtime appends those records to the partition and releases the responses only
 * once they are durable. Loading a partition replays its records in order, so the state after a restart is
 * exactly the state the records describe. Time comes in as {@code nowMs} arguments, timeouts through
 * {@link #poll(long)}: no wall clock, no threads, fully deterministic given the same events.
 *
 * <p>The protocol logic lives in {@link ClassicGroupOps} (JoinGroup, SyncGroup, Heartbeat, LeaveGroup),
 * {@link ConsumerGroupOps} (KIP-848) and {@link OffsetOps} (commit, fetch, delete, expiry).
 *
 * <p>Thread: owned by one coordinator thread; not thread-safe.
 */
public final class GroupShard {
    final int partition;
    final GroupCoordinatorConfig config;
    final Supplier<String> idGenerator;
    final Supplier<TopicsView> topics;
    final Map<String, Group> groups = new HashMap<>();
    final Map<String, Map<TopicPartition, OffsetValue>> offsets = new HashMap<>();
    final Timers timers = new Timers();
    final ClassicGroupOps classic;
    final ConsumerGroupOps consumer;
    final OffsetOps offsetOps;
    final ShareGroupOps share;
    final ShareGroupConfig shareConfig;
    final ShareServices shareServices;
    private CoordinatorResult result = new CoordinatorResult();
    private boolean loading = true;

    /**
     * @param idGenerator member ids for new members (random UUIDs in production, a sequence in simulations)
     * @param topics      the current topic metadata
     */
    public GroupShard(int partition, GroupCoordinatorConfig config, Supplier<String> idGenerator,
                      Supplier<TopicsView> topics) {
        this(partition, config, ShareServices.standalone(), idGenerator, topics);
    }

    /** @param shareServices share-group config, wake-ups of parked ShareFetches, dead-lettering */
    public GroupShard(int partition, GroupCoordinatorConfig config, ShareServices shareServices,
                      Supplier<String> idGenerator, Supplier<TopicsView> topics) {
        this.shareConfig = shareServices.config();
        this.shareServices = shareServices;
        this.share = new ShareGroupOps(this);
        this.partition = partition;
        this.config = config;
        this.idGenerator = idGenerator;
        this.topics = topics;
        this.classic = new ClassicGroupOps(this);
        this.consumer = new ConsumerGroupOps(this);
        this.offsetOps = new OffsetOps(this);
    }

    public int partition() {
        return partition;
    }

    public ClassicGroupOps classic() {
        return classic;
    }

    public ConsumerGroupOps consumer() {
        return consumer;
    }

    public OffsetOps offsets() {
        return offsetOps;
    }

    public ShareGroupOps share() {
        return share;
    }

    // ---------------------------------------------------------------- event sourcing

    /** Applies one record: during load (replaying the partition) and for every record an operation appends. */
    public void replay(GroupRecord record) {
        Key key = record.key();
        String groupId = key.groupId();
        switch (key.type()) {
            case GroupRecordFormat.TYPE_OFFSET -> {
                TopicPartition tp = new TopicPartition(key.sub(), key.partition());
                if (record.isTombstone()) {
                    Map<TopicPartition, OffsetValue> byPartition = offsets.get(groupId);
                    if (byPartition != null) {
                        byPartition.remove(tp);
                        if (byPartition.isEmpty()) {
                            offsets.remove(groupId);
                        }
                    }
                } else {
                    OffsetValue value = (OffsetValue) record.value();
                    offsets.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, value);
                    // A standalone consumer's commits make a simple (empty classic) group, listed like Kafka does.
                    groups.computeIfAbsent(groupId, g -> new ClassicGroup(g, value.commitTimestampMs()));
                }
            }
            case GroupRecordFormat.TYPE_CLASSIC_GROUP -> {
                if (record.isTombstone()) {
                    if (groups.get(groupId) instanceof ClassicGroup g) {
                        g.state = ClassicGroupState.DEAD;
                        groups.remove(groupId);
                    }
                    return;
                }
                ClassicGroupValue value = (ClassicGroupValue) record.value();
                Group existing = groups.get(groupId);
                if (existing instanceof ClassicGroup g && !loading) {
                    g.persisted = value;
                } else {
                    ClassicGroup g = existing instanceof ClassicGroup c ? c : new ClassicGroup(groupId, 0);
                    g.applyLoaded(value);
                    groups.put(groupId, g);
                }
            }
            case GroupRecordFormat.TYPE_SHARE_GROUP, GroupRecordFormat.TYPE_SHARE_PARTITION,
                    GroupRecordFormat.TYPE_GROUP_CONFIG -> share.replay(record);
            default -> replayConsumerRecord(record);
        }
    }

    private void replayConsumerRecord(GroupRecord record) {
        Key key = record.key();
        String groupId = key.groupId();
        ConsumerGroup group;
        Group existing = groups.get(groupId);
        if (existing instanceof ConsumerGroup cg) {
            group = cg;
        } else {
            if (record.isTombstone()) {
                return;
            }
            Verify.that(existing == null, "consumer group record for %s which is a %s group", groupId,
                    existing == null ? "" : existing.type());
            group = new ConsumerGroup(groupId);
            groups.put(groupId, group);
        }
        switch (key.type()) {
            case GroupRecordFormat.TYPE_CONSUMER_GROUP -> {
                if (record.isTombstone()) {
                    groups.remove(groupId);
                } else {
                    ConsumerGroupValue v = (ConsumerGroupValue) record.value();
                    group.groupEpoch = v.epoch();
                    group.metadataHash = v.metadataHash();
                    group.created = true;
                }
            }
            case GroupRecordFormat.TYPE_CONSUMER_MEMBER -> {
                if (record.isTombstone()) {
                    group.members.remove(key.sub());
                } else {
                    group.members.put(key.sub(), (ConsumerMemberValue) record.value());
                }
            }
            case GroupRecordFormat.TYPE_TARGET_EPOCH -> {
                if (!record.isTombstone()) {
                    group.assignmentEpoch = ((TargetAssignmentEpochValue) record.value()).assignmentEpoch();
                }
            }
            case GroupRecordFormat.TYPE_TARGET_MEMBER -> {
                if (record.isTombstone()) {
                    group.targetAssignment.remove(key.sub());
                } else {
                    group.targetAssignment.put(key.sub(), ((TargetAssignmentValue) record.value()).partitions());
                }
            }
            case GroupRecordFormat.TYPE_CURRENT_MEMBER ->
                    group.setCurrent(key.sub(), (CurrentAssignmentValue) record.value());
            default -> throw new IllegalArgumentException("unknown record type " + key.type());
        }
    }

    /** Applies a record produced by an operation and queues it for appending. */
    void append(GroupRecord record) {
        replay(record);
        result.addRecord(record);
    }

    /** Completes {@code future} with {@code value} once this event's records (and all before) are durable. */
    <T> void completeLater(CompletableFuture<T> future, T value) {
        result.addCompletion(future, value);
    }

    /** Runs {@code action} once this event's records (and all before) are durable; not at all if they fail. */
    void afterDurable(Runnable action) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        durable.thenRun(action);
        result.addCompletion(durable, null);
    }

    /** The records and deferred completions the events since the last call produced. */
    public CoordinatorResult takeResult() {
        CoordinatorResult r = result;
        result = new CoordinatorResult();
        return r;
    }

    /** Ends loading: from now on records come from operations; starts the timers of the loaded state. */
    public void onLoaded(long nowMs) {
        loading = false;
        for (Group g : groups.values()) {
            if (g instanceof ClassicGroup cg) {
                classic.onLoaded(cg, nowMs);
            } else if (g instanceof ConsumerGroup cg) {
                consumer.onLoaded(cg, nowMs);
            }
        }
        offsetOps.scheduleExpiry(nowMs);
        share.onLoaded(nowMs);
    }

    public boolean isLoading() {
        return loading;
    }

    /** Fires due timeouts. */
    public void poll(long nowMs) {
        timers.poll(nowMs);
    }

    /** When {@link #poll} has something to do next, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineMs() {
        return timers.nextDeadlineMs();
    }

    /** Fails every parked response (the shard is being unloaded or fenced). */
    public void failParked(Errors error) {
        for (Group g : groups.values()) {
            if (g instanceof ClassicGroup cg) {
                classic.failParked(cg, error);
            }
        }
        timers.clear();
    }

    // ---------------------------------------------------------------- group-level operations

    public DescribedGroup describeGroup(String groupId) {
        Group g = groups.get(groupId);
        DescribedGroup out = new DescribedGroup().setGroupId(groupId);
        if (g == null) {
            return out.setGroupState("Dead").setProtocolType("").setProtocolData("");
        }
        out.setGroupState(g.stateLabel()).setProtocolType(g.protocolType());
        List<DescribedGroupMember> members = new ArrayList<>();
        if (g instanceof ClassicGroup cg) {
            boolean stable = cg.state == ClassicGroupState.STABLE;
            out.setProtocolData(stable && cg.protocolName != null ? cg.protocolName : "");
            for (ClassicMember m : cg.members.values()) {
                byte[] metadata = stable ? m.metadata(cg.protocolName) : null;
                members.add(new DescribedGroupMember().setMemberId(m.memberId).setGroupInstanceId(m.instanceId)
                        .setClientId(m.clientId).setClientHost(m.clientHost)
                        .setMemberMetadata(metadata == null ? new byte[0] : metadata)
                        .setMemberAssignment(stable ? m.assignment : new byte[0]));
            }
        } else if (g instanceof ShareGroup sg) {
            out.setProtocolData("");
            sg.members.forEach((id, m) -> members.add(new DescribedGroupMember().setMemberId(id)
                    .setClientId(m.clientId).setClientHost(m.clientHost)
                    .setMemberMetadata(new byte[0]).setMemberAssignment(new byte[0])));
        } else if (g instanceof ConsumerGroup cg) {
            out.setProtocolData(consumer.assignorOf(cg).name());
            cg.members.forEach((id, m) -> members.add(new DescribedGroupMember().setMemberId(id)
                    .setGroupInstanceId(m.instanceId()).setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(new byte[0]).setMemberAssignment(new byte[0])));
        }
        return out.setMembers(members);
    }

    /** Groups whose state and type pass the filters (empty filter = all; compared case-insensitively). */
    public List<ListedGroup> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        List<ListedGroup> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!statesFilter.isEmpty() && !containsIgnoreCase(statesFilter, g.stateLabel())) {
                continue;
            }
            if (!typesFilter.isEmpty() && !containsIgnoreCase(typesFilter, g.type())) {
                continue;
            }
            out.add(new ListedGroup().setGroupId(g.groupId()).setProtocolType(g.protocolType())
                    .setGroupState(g.stateLabel()).setGroupType(g.type()));
        }
        return out;
    }

    private static boolean containsIgnoreCase(Set<String> set, String value) {
        for (String s : set) {
            if (s.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /** Deletes an empty group and its offsets (tombstones); NON_EMPTY_GROUP / GROUP_ID_NOT_FOUND otherwise. */
    public DeletableGroupResult deleteGroup(String groupId, long nowMs) {
        DeletableGroupResult out = new DeletableGroupResult().setGroupId(groupId);
        Group g = groups.get(groupId);
        if (g == null && !offsets.containsKey(groupId)) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code());
        }
        if (g != null && !g.isEmpty()) {
            return out.setErrorCode(Errors.NON_EMPTY_GROUP.code());
        }
        offsetOps.deleteAllOffsets(groupId);
        deleteGroupRecords(g);
        return out.setErrorCode(Errors.NONE.code());
    }

    /** Tombstones for every record of an empty group (not its offsets); the group is removed from the shard. */
    void deleteGroupRecords(Group g) {
        if (g instanceof ClassicGroup cg) {
            classic.failParked(cg, Errors.COORDINATOR_NOT_AVAILABLE);
            cg.pendingMembers.forEach(id -> timers.cancel(ClassicGroupOps.pendingKey(cg.groupId(), id)));
            timers.cancel(ClassicGroupOps.joinKey(cg.groupId()));
            timers.cancel(ClassicGroupOps.syncKey(cg.groupId()));
            append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CLASSIC_GROUP, cg.groupId()), null));
            groups.remove(cg.groupId());
        } else if (g instanceof ConsumerGroup cg) {
            for (String memberId : List.copyOf(cg.members.keySet())) {
                consumer.removeMemberRecords(cg, memberId);
            }
            append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_TARGET_EPOCH, cg.groupId()), null));
            append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CONSUMER_GROUP, cg.groupId()), null));
            groups.remove(cg.groupId());
        } else if (g instanceof ShareGroup sg) {
            share.deleteGroupRecords(sg);
            groups.remove(sg.groupId());
        }
    }

    // ---------------------------------------------------------------- inspection (tests, replay checks)

    public Group group(String groupId) {
        return groups.get(groupId);
    }

    public Map<String, Group> groups() {
        return groups;
    }

    /** The persisted projection of the shard: what replaying its records must reproduce exactly. */
    public Snapshot snapshot() {
        Map<String, Map<TopicPartition, OffsetValue>> o = new TreeMap<>();
        offsets.forEach((g, m) -> o.put(g, Map.copyOf(m)));
        Map<String, ClassicGroupValue> c = new TreeMap<>();
        Map<String, ConsumerSnapshot> k = new TreeMap<>();
        groups.forEach((id, g) -> {
            if (g instanceof ClassicGroup cg && cg.persisted != null) {
                c.put(id, cg.persisted);
            } else if (g instanceof ConsumerGroup cg) {
                k.put(id, new ConsumerSnapshot(cg.groupEpoch, cg.metadataHash, cg.assignmentEpoch,
                        Map.copyOf(cg.members), Map.copyOf(cg.targetAssignment), Map.copyOf(cg.current)));
            }
        });
        return new Snapshot(o, c, k);
    }

    /** See {@link #snapshot()}. */
    public record Snapshot(Map<String, Map<TopicPartition, OffsetValue>> offsets,
                           Map<String, ClassicGroupValue> classicGroups,
                           Map<String, ConsumerSnapshot> consumerGroups) {
    }

    /** The persisted state of one consumer group. */
    public record ConsumerSnapshot(int groupEpoch, long metadataHash, int assignmentEpoch,
                                   Map<String, ConsumerMemberValue> members,
                                   Map<String, Map<Uuid, Set<Integer>>> target,
                                   Map<String, CurrentAssignmentValue> current) {
    }
}
