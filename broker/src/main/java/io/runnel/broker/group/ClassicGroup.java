package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.ClassicGroupValue;
import io.runnel.broker.group.GroupRecord.ClassicMemberValue;
import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classic-protocol group. Its persisted part (generation, selected protocol, leader, members and their
 * assignments) is written as one {@link ClassicGroupValue} record at the end of each rebalance and rebuilt from
 * it on load; the join/sync phase in between (parked responses, pending members, timers) lives only in memory,
 * as in Kafka: a coordinator restart makes members rejoin. Owned by the shard thread.
 */
public final class ClassicGroup implements Group {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroup.class);

    private final String groupId;
    ClassicGroupState state = ClassicGroupState.EMPTY;
    long stateTimestampMs;
    String protocolType;
    int generation;
    String protocolName;
    String leaderId;
    final LinkedHashMap<String, ClassicMember> members = new LinkedHashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined with them yet. */
    final Set<String> pendingMembers = new HashSet<>();
    final Map<String, String> staticMembers = new HashMap<>();
    /** True while the first rebalance of an empty group waits group.initial.rebalance.delay.ms for more members. */
    boolean initialDelayActive;
    boolean newMemberJoinedDuringDelay;
    int initialDelayRemainingMs;
    /** The value of the last record written or replayed for this group; null if never persisted. */
    ClassicGroupValue persisted;

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String type() {
        return "classic";
    }

    @Override
    public String stateLabel() {
        return state.toString();
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    public ClassicGroupState state() {
        return state;
    }

    public int generation() {
        return generation;
    }

    void transitionTo(ClassicGroupState next, long nowMs, String reason) {
        Verify.that(next.validPrevious().contains(state), "group %s: illegal transition %s -> %s (%s)", groupId,
                state, next, reason);
        LOG.debug("Group {} {} -> {} at generation {}: {}", groupId, state, next, generation, reason);
        state = next;
        stateTimestampMs = nowMs;
    }

    boolean allMembersJoined() {
        for (ClassicMember m : members.values()) {
            if (m.joinFuture == null) {
                return false;
            }
        }
        return pendingMembers.isEmpty();
    }

    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (ClassicMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs);
        }
        return max;
    }

    /** Protocol names every member supports, or null when there are no members. */
    Set<String> candidateProtocols() {
        Set<String> common = null;
        for (ClassicMember m : members.values()) {
            Set<String> names = new HashSet<>();
            m.protocols.forEach(p -> names.add(p.name()));
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        return common;
    }

    /** True if a member with these protocols may join: the same type and at least one protocol in common. */
    boolean acceptsProtocols(String type, List<ClassicMember.Protocol> protocols) {
        if (members.isEmpty()) {
            return !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        for (ClassicMember.Protocol p : protocols) {
            if (candidates.contains(p.name())) {
                return true;
            }
        }
        return false;
    }

    /** Each member votes for its most preferred protocol all members support; the most votes wins. */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        Verify.that(candidates != null && !candidates.isEmpty(), "group %s has no common protocol", groupId);
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember m : members.values()) {
            for (ClassicMember.Protocol p : m.protocols) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** The record value describing the group now. */
    ClassicGroupValue toValue(long nowMs) {
        List<ClassicMemberValue> out = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            byte[] metadata = protocolName == null ? null : m.metadata(protocolName);
            out.add(new ClassicMemberValue(m.memberId, m.instanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs,
                    m.sessionTimeoutMs, metadata == null ? new byte[0] : metadata, m.assignment));
        }
        return new ClassicGroupValue(protocolType == null ? "" : protocolType, generation, protocolName, leaderId,
                nowMs, out);
    }

    /** Rebuilds the persisted part from a record (load): Empty without members, else Stable. */
    void applyLoaded(ClassicGroupValue value) {
        persisted = value;
        protocolType = value.protocolType().isEmpty() ? null : value.protocolType();
        generation = value.generation();
        protocolName = value.protocolName();
        leaderId = value.leaderId();
        stateTimestampMs = value.stateTimestampMs();
        members.clear();
        staticMembers.clear();
        for (ClassicMemberValue m : value.members()) {
            ClassicMember member = new ClassicMember(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(),
                    m.sessionTimeoutMs(), m.rebalanceTimeoutMs(),
                    List.of(new ClassicMember.Protocol(value.protocolName(), m.subscription())));
            member.assignment = m.assignment();
            members.put(m.memberId(), member);
            if (m.instanceId() != null) {
                staticMembers.put(m.instanceId(), m.memberId());
            }
        }
        state = members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
    }
}
