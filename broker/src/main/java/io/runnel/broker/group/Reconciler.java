package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Moves one consumer-protocol member's current assignment towards its target (KIP-848 reconciliation), one safe
 * step at a time:
 * <ol>
 *   <li>partitions the member holds but must give up are revoked first: the member keeps its epoch, gets only the
 *       partitions it keeps, and stays {@link MemberState#UNREVOKED_PARTITIONS} until a heartbeat reports it no
 *       longer owns them;</li>
 *   <li>then it moves to the target epoch and receives the target partitions nobody else holds; partitions another
 *       member still holds (or still has pending revocation) are withheld ({@link MemberState#UNRELEASED_PARTITIONS})
 *       until they are released;</li>
 *   <li>{@link MemberState#STABLE} once it holds exactly its target.</li>
 * </ol>
 * So a partition never has two owners. Pure function, thread-safe.
 */
final class Reconciler {
    private Reconciler() {
    }

    /** Who holds a partition now (assigned or pending revocation), or null. */
    interface Owners {
        String ownerOf(Uuid topic, int partition);
    }

    /**
     * @param owned the partitions the member reported owning in this heartbeat, or null if it did not report
     * @return the next current assignment (equal to {@code current} when nothing changes)
     */
    static CurrentAssignmentValue reconcile(String memberId, CurrentAssignmentValue current, int targetEpoch,
                                            Map<Uuid, Set<Integer>> target, Map<Uuid, Set<Integer>> owned,
                                            Owners owners) {
        switch (current.state()) {
            case UNREVOKED_PARTITIONS -> {
                if (owned == null || Assignments.intersects(owned, current.pendingRevocation())) {
                    return current;
                }
                return next(memberId, new CurrentAssignmentValue(current.memberEpoch(), current.previousMemberEpoch(),
                        MemberState.STABLE, current.assigned(), Assignments.EMPTY), targetEpoch, target, owners);
            }
            case UNRELEASED_PARTITIONS -> {
                return next(memberId, current, targetEpoch, target, owners);
            }
            default -> {
                if (current.memberEpoch() == targetEpoch && current.assigned().equals(target)) {
                    return current;
                }
                return next(memberId, current, targetEpoch, target, owners);
            }
        }
    }

    private static CurrentAssignmentValue next(String memberId, CurrentAssignmentValue current, int targetEpoch,
                                               Map<Uuid, Set<Integer>> target, Owners owners) {
        Map<Uuid, Set<Integer>> kept = Assignments.intersection(current.assigned(), target);
        Map<Uuid, Set<Integer>> revoke = Assignments.minus(current.assigned(), target);
        if (!revoke.isEmpty()) {
            return new CurrentAssignmentValue(current.memberEpoch(), current.previousMemberEpoch(),
                    MemberState.UNREVOKED_PARTITIONS, kept, revoke);
        }
        Map<Uuid, Set<Integer>> wanted = Assignments.minus(target, current.assigned());
        TreeMap<Uuid, Set<Integer>> granted = Assignments.mutable(kept);
        boolean withheld = false;
        for (Map.Entry<Uuid, Set<Integer>> e : wanted.entrySet()) {
            for (int p : e.getValue()) {
                String owner = owners.ownerOf(e.getKey(), p);
                if (owner == null || owner.equals(memberId)) {
                    granted.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(p);
                } else {
                    withheld = true;
                }
            }
        }
        int previous = current.memberEpoch() != targetEpoch ? current.memberEpoch() : current.previousMemberEpoch();
        return new CurrentAssignmentValue(targetEpoch, previous,
                withheld ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE, granted, Assignments.EMPTY);
    }
}
