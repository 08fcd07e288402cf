package io.runnel.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * One record of the {@code __consumer_offsets} topic: the unit of the coordinator's event log. A shard's state is
 * exactly what replaying its records produces. The binary layout is in {@link GroupRecordFormat}.
 *
 * <p>The key identifies the entity (compaction keeps its last value); a null value is a tombstone: the entity is
 * deleted and compaction eventually removes every record of that key. Immutable.
 *
 * @param key   which entity
 * @param value its new state, or null when it is deleted
 */
public record GroupRecord(Key key, Value value) {

    public GroupRecord {
        Objects.requireNonNull(key, "key");
        if (value != null) {
            short expected = value.type();
            if (expected != key.type()) {
                throw new IllegalArgumentException("value " + value.getClass().getSimpleName()
                        + " does not match key type " + key.type());
            }
        }
    }

    public boolean isTombstone() {
        return value == null;
    }

    /**
     * The record key. {@code sub} is the topic (offset records) or the member id (member records), null for
     * group-level records; {@code partition} is meaningful for offset records only (-1 otherwise).
     */
    public record Key(short type, String groupId, String sub, int partition) {
        public Key {
            Objects.requireNonNull(groupId, "groupId");
        }

        public static Key offset(String groupId, String topic, int partition) {
            return new Key(GroupRecordFormat.TYPE_OFFSET, groupId, Objects.requireNonNull(topic), partition);
        }

        public static Key sharePartition(String groupId, String topic, int partition) {
            return new Key(GroupRecordFormat.TYPE_SHARE_PARTITION, groupId, Objects.requireNonNull(topic), partition);
        }

        public static Key group(short type, String groupId) {
            return new Key(type, groupId, null, -1);
        }

        public static Key member(short type, String groupId, String memberId) {
            return new Key(type, groupId, Objects.requireNonNull(memberId), -1);
        }
    }

    /** The state carried by a record. */
    public sealed interface Value permits OffsetValue, ClassicGroupValue, ConsumerGroupValue, ConsumerMemberValue,
            TargetAssignmentEpochValue, TargetAssignmentValue, CurrentAssignmentValue, ShareGroupValue,
            SharePartitionValue, ShareGroupConfigValue {
        /** The key type this value belongs to (a {@code GroupRecordFormat.TYPE_*} constant). */
        short type();
    }

    /** A committed offset of one partition. {@code expireTimestampMs} is -1 unless the (old) client set one. */
    public record OffsetValue(long offset, int leaderEpoch, String metadata, long commitTimestampMs,
                              long expireTimestampMs) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_OFFSET;
        }

    }

    /**
     * A classic group at the end of a rebalance (or when it became empty): written when the leader's assignment
     * is stored, when the group empties, when a static member is replaced.
     */
    public record ClassicGroupValue(String protocolType, int generation, String protocolName, String leaderId,
                                    long stateTimestampMs, List<ClassicMemberValue> members) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_CLASSIC_GROUP;
        }

        public ClassicGroupValue {
            members = List.copyOf(members);
        }
    }

    /** One member of a classic group as persisted; the protocol metadata of the selected protocol only. */
    public record ClassicMemberValue(String memberId, String instanceId, String clientId, String clientHost,
                                     int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription,
                                     byte[] assignment) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ClassicMemberValue m && memberId.equals(m.memberId)
                    && Objects.equals(instanceId, m.instanceId) && clientId.equals(m.clientId)
                    && clientHost.equals(m.clientHost) && rebalanceTimeoutMs == m.rebalanceTimeoutMs
                    && sessionTimeoutMs == m.sessionTimeoutMs && java.util.Arrays.equals(subscription, m.subscription)
                    && java.util.Arrays.equals(assignment, m.assignment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memberId, instanceId, clientId, java.util.Arrays.hashCode(subscription),
                    java.util.Arrays.hashCode(assignment));
        }
    }

    /**
     * A consumer (KIP-848) group: its epoch (bumped on every membership, subscription or metadata change) and the
     * hash of the subscribed topics' metadata the epoch was computed against.
     */
    public record ConsumerGroupValue(int epoch, long metadataHash) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_CONSUMER_GROUP;
        }

    }

    /** A consumer group member's subscription and client facts. */
    public record ConsumerMemberValue(String instanceId, String rackId, String clientId, String clientHost,
                                      List<String> subscribedTopicNames, String subscribedTopicRegex,
                                      String serverAssignor, int rebalanceTimeoutMs) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_CONSUMER_MEMBER;
        }

        public ConsumerMemberValue {
            subscribedTopicNames = List.copyOf(subscribedTopicNames);
        }
    }

    /** The epoch of the group's target assignment. */
    public record TargetAssignmentEpochValue(int assignmentEpoch) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_TARGET_EPOCH;
        }

    }

    /** One member's partitions in the target assignment. */
    public record TargetAssignmentValue(Map<Uuid, Set<Integer>> partitions) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_TARGET_MEMBER;
        }

        public TargetAssignmentValue {
            partitions = Assignments.copyOf(partitions);
        }
    }

    /** One member's current (reconciled) assignment, epochs and reconciliation state. */
    public record CurrentAssignmentValue(int memberEpoch, int previousMemberEpoch, MemberState state,
                                         Map<Uuid, Set<Integer>> assigned,
                                         Map<Uuid, Set<Integer>> pendingRevocation) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_CURRENT_MEMBER;
        }

        public CurrentAssignmentValue {
            assigned = Assignments.copyOf(assigned);
            pendingRevocation = Assignments.copyOf(pendingRevocation);
        }
    }

    /** A share group (KIP-932): its epoch, bumped on every membership or subscription change. */
    public record ShareGroupValue(int epoch) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_SHARE_GROUP;
        }
    }

    /**
     * The delivery state of one topic-partition of a share group: share-partition start and end offsets, the state
     * epoch (bumped when an admin moves the start offset), and the states of the offsets in between as ranges.
     */
    public record SharePartitionValue(Uuid topicId, long startOffset, long endOffset, int stateEpoch,
                                      List<StateRange> ranges, List<StateRange> due, long delayTakenThroughMs)
            implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_SHARE_PARTITION;
        }

        public SharePartitionValue {
            ranges = List.copyOf(ranges);
            due = List.copyOf(due);
        }
    }

    /**
     * Offsets {@code [firstOffset, lastOffset]} in one persisted state with one delivery count ({@code deliverAtMs}
     * set for delayed records only).
     */
    public record StateRange(long firstOffset, long lastOffset, byte state, int deliveryCount, long deliverAtMs) {
        public StateRange(long firstOffset, long lastOffset, byte state, int deliveryCount) {
            this(firstOffset, lastOffset, state, deliveryCount, 0);
        }
    }

    /** The group-level configs set on a group (IncrementalAlterConfigs on a GROUP resource): name -> value. */
    public record ShareGroupConfigValue(Map<String, String> configs) implements Value {
        @Override
        public short type() {
            return GroupRecordFormat.TYPE_GROUP_CONFIG;
        }

        public ShareGroupConfigValue {
            configs = Map.copyOf(configs);
        }
    }
}
