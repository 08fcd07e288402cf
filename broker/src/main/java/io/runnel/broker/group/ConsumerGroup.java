package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.ConsumerMemberValue;
import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * A consumer-protocol (KIP-848) group. Every field is the result of replaying its records (group epoch, members'
 * subscriptions, target assignment, members' current assignments); {@link #owners} is derived from the current
 * assignments: who holds each partition (assigned or still pending revocation), so a partition is handed to a new
 * owner only once the previous owner released it. Owned by the shard thread.
 */
public final class ConsumerGroup implements Group {
    /** Member epoch of a static member that left temporarily (KIP-848: -2) and may come back. */
    static final int STATIC_LEFT_EPOCH = -2;

    private final String groupId;
    int groupEpoch;
    long metadataHash;
    int assignmentEpoch;
    final TreeMap<String, ConsumerMemberValue> members = new TreeMap<>();
    final TreeMap<String, Map<Uuid, Set<Integer>>> targetAssignment = new TreeMap<>();
    final TreeMap<String, CurrentAssignmentValue> current = new TreeMap<>();
    final Map<Uuid, Map<Integer, String>> owners = new HashMap<>();
    /** Set once the metadata record was replayed; a group created by a heartbeat exists before that. */
    boolean created;

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String type() {
        return "consumer";
    }

    @Override
    public String protocolType() {
        return "consumer";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Empty, Assigning (target behind group epoch), Reconciling (members not at target), Stable. */
    @Override
    public String stateLabel() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (assignmentEpoch != groupEpoch) {
            return "Assigning";
        }
        for (CurrentAssignmentValue c : current.values()) {
            if (c.memberEpoch() != STATIC_LEFT_EPOCH
                    && (c.memberEpoch() != assignmentEpoch || c.state() != MemberState.STABLE)) {
                return "Reconciling";
            }
        }
        return "Stable";
    }

    String memberIdOfInstance(String instanceId) {
        for (Map.Entry<String, ConsumerMemberValue> e : members.entrySet()) {
            if (instanceId.equals(e.getValue().instanceId())) {
                return e.getKey();
            }
        }
        return null;
    }

    String ownerOf(Uuid topic, int partition) {
        Map<Integer, String> byPartition = owners.get(topic);
        return byPartition == null ? null : byPartition.get(partition);
    }

    void setCurrent(String memberId, CurrentAssignmentValue value) {
        CurrentAssignmentValue old = value == null ? current.remove(memberId) : current.put(memberId, value);
        if (old != null) {
            forEach(old.assigned(), (t, p) -> owners.get(t).remove(p, memberId));
            forEach(old.pendingRevocation(), (t, p) -> owners.get(t).remove(p, memberId));
        }
        if (value != null) {
            forEach(value.assigned(), (t, p) -> owners.computeIfAbsent(t, k -> new HashMap<>()).put(p, memberId));
            forEach(value.pendingRevocation(),
                    (t, p) -> owners.computeIfAbsent(t, k -> new HashMap<>()).put(p, memberId));
        }
    }

    private static void forEach(Map<Uuid, Set<Integer>> a, PartitionAction action) {
        a.forEach((t, ps) -> ps.forEach(p -> action.apply(t, p)));
    }

    private interface PartitionAction {
        void apply(Uuid topic, int partition);
    }
}
