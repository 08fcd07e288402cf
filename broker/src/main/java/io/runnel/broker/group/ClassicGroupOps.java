package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The classic group protocol on a {@link GroupShard}: JoinGroup (member-id round trip, static membership,
 * initial delay, rebalance timeout), SyncGroup, Heartbeat, LeaveGroup and the session / join / sync timeouts.
 *
 * <p>Rebalance: a join (or a member leaving or timing out) moves the group to PreparingRebalance; the join phase
 * completes when every known member has rejoined (or the rebalance timeout drops those that did not); then the
 * generation is bumped, a protocol selected and the leader gets the member list (CompletingRebalance); the
 * leader's SyncGroup stores the assignment (one record) and makes the group Stable.
 *
 * <p>Thread: the shard's thread.
 */
public final class ClassicGroupOps {
    private static final String UNKNOWN_MEMBER = "";

    private final GroupShard shard;

    ClassicGroupOps(GroupShard shard) {
        this.shard = shard;
    }

    static String joinKey(String groupId) {
        return "join/" + groupId;
    }

    static String syncKey(String groupId) {
        return "sync/" + groupId;
    }

    static String heartbeatKey(String groupId, String memberId) {
        return "hb/" + groupId + "/" + memberId;
    }

    static String pendingKey(String groupId, String memberId) {
        return "pending/" + groupId + "/" + memberId;
    }

    // ---------------------------------------------------------------- JoinGroup

    /** Throws {@link GroupException} for request-level errors; completes later when the join phase ends. */
    public CompletableFuture<JoinGroupResponseData> joinGroup(String clientId, String clientHost,
                                                              JoinGroupRequestData req, short version, long nowMs) {
        String groupId = req.groupId();
        if (groupId == null || groupId.isEmpty()) {
            throw new GroupException(Errors.INVALID_GROUP_ID);
        }
        GroupCoordinatorConfig cfg = shard.config;
        if (req.sessionTimeoutMs() < cfg.groupMinSessionTimeoutMs()
                || req.sessionTimeoutMs() > cfg.groupMaxSessionTimeoutMs()) {
            throw new GroupException(Errors.INVALID_SESSION_TIMEOUT, "session timeout " + req.sessionTimeoutMs()
                    + " ms is outside [" + cfg.groupMinSessionTimeoutMs() + ", " + cfg.groupMaxSessionTimeoutMs()
                    + "]");
        }
        List<ClassicMember.Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequestProtocol p : req.protocols()) {
            protocols.add(new ClassicMember.Protocol(p.name(), p.metadata()));
        }
        int rebalanceTimeoutMs = req.rebalanceTimeoutMs() < 0 ? req.sessionTimeoutMs() : req.rebalanceTimeoutMs();
        String memberId = req.memberId() == null ? UNKNOWN_MEMBER : req.memberId();
        String instanceId = req.groupInstanceId();

        Group existing = shard.groups.get(groupId);
        if (existing instanceof ConsumerGroup cg) {
            if (!cg.isEmpty()) {
                throw new GroupException(Errors.INCONSISTENT_GROUP_PROTOCOL,
                        "group " + groupId + " is a consumer-protocol group with members");
            }
            shard.deleteGroupRecords(cg);
            existing = null;
        }
        if (existing instanceof ShareGroup) {
            throw new GroupException(Errors.INCONSISTENT_GROUP_PROTOCOL, "group " + groupId + " is a share group");
        }
        ClassicGroup group = (ClassicGroup) existing;
        if (group == null) {
            if (!memberId.equals(UNKNOWN_MEMBER)) {
                throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
            }
            group = new ClassicGroup(groupId, nowMs);
            shard.groups.put(groupId, group);
        }
        if (group.state == ClassicGroupState.DEAD) {
            throw new GroupException(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (!group.acceptsProtocols(req.protocolType(), protocols)) {
            throw new GroupException(Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        if (memberId.equals(UNKNOWN_MEMBER)) {
            joinUnknownMember(group, clientId, clientHost, instanceId, req.sessionTimeoutMs(), rebalanceTimeoutMs,
                    req.protocolType(), protocols, version, future, nowMs);
        } else {
            joinKnownMember(group, memberId, clientId, clientHost, instanceId, req.sessionTimeoutMs(),
                    rebalanceTimeoutMs, req.protocolType(), protocols, future, nowMs);
        }
        return future;
    }

    private void joinUnknownMember(ClassicGroup group, String clientId, String clientHost, String instanceId,
                                   int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                                   List<ClassicMember.Protocol> protocols, short version,
                                   CompletableFuture<JoinGroupResponseData> future, long nowMs) {
        String newMemberId = (instanceId != null ? instanceId : clientId) + "-" + shard.idGenerator.get();
        if (instanceId != null && group.staticMembers.containsKey(instanceId)) {
            replaceStaticMember(group, group.staticMembers.get(instanceId), newMemberId, clientId, clientHost,
                    sessionTimeoutMs, rebalanceTimeoutMs, protocols, future, nowMs);
            return;
        }
        if (group.members.size() + group.pendingMembers.size() >= shard.config.groupMaxSize()) {
            throw new GroupException(Errors.GROUP_MAX_SIZE_REACHED);
        }
        if (instanceId == null && version >= 4) {
            // KIP-394: the member learns its id first, so a retried join after a lost response is not a new member.
            group.pendingMembers.add(newMemberId);
            shard.timers.schedule(pendingKey(group.groupId(), newMemberId), nowMs + sessionTimeoutMs,
                    now -> onPendingMemberExpired(group, newMemberId, now));
            shard.completeLater(future, new JoinGroupResponseData().setErrorCode(Errors.MEMBER_ID_REQUIRED.code())
                    .setMemberId(newMemberId).setGenerationId(-1).setProtocolName(null).setLeader(""));
            return;
        }
        addMemberAndRebalance(group, newMemberId, instanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, protocolType, protocols, future, nowMs);
    }

    private void joinKnownMember(ClassicGroup group, String memberId, String clientId, String clientHost,
                                 String instanceId, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                                 List<ClassicMember.Protocol> protocols,
                                 CompletableFuture<JoinGroupResponseData> future, long nowMs) {
        if (group.pendingMembers.remove(memberId)) {
            shard.timers.cancel(pendingKey(group.groupId(), memberId));
            addMemberAndRebalance(group, memberId, instanceId, clientId, clientHost, sessionTimeoutMs,
                    rebalanceTimeoutMs, protocolType, protocols, future, nowMs);
            return;
        }
        ClassicMember member = validateMember(group, memberId, instanceId);
        switch (group.state) {
            case PREPARING_REBALANCE -> {
                updateMember(group, member, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocols,
                        future);
                maybeCompleteJoin(group, nowMs);
            }
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(protocols)) {
                    // The member missed the join response: send it again.
                    shard.completeLater(future, joinResponse(group, member));
                } else {
                    updateMember(group, member, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs,
                            protocols, future);
                    prepareRebalance(group, nowMs, "member " + memberId + " changed its protocols");
                }
            }
            case STABLE -> {
                if (memberId.equals(group.leaderId) || !member.sameProtocols(protocols)) {
                    updateMember(group, member, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs,
                            protocols, future);
                    prepareRebalance(group, nowMs, "leader or changed member " + memberId + " rejoined");
                } else {
                    scheduleHeartbeat(group, member, nowMs);
                    shard.completeLater(future, joinResponse(group, member));
                }
            }
            default -> throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    private void replaceStaticMember(ClassicGroup group, String oldMemberId, String newMemberId, String clientId,
                                     String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs,
                                     List<ClassicMember.Protocol> protocols,
                                     CompletableFuture<JoinGroupResponseData> future, long nowMs) {
        ClassicMember old = group.members.get(oldMemberId);
        failMember(old, Errors.FENCED_INSTANCE_ID);
        shard.timers.cancel(heartbeatKey(group.groupId(), oldMemberId));
        ClassicMember replacement = old.withMemberId(newMemberId);
        replacement.clientId = clientId;
        replacement.clientHost = clientHost;
        replacement.sessionTimeoutMs = sessionTimeoutMs;
        replacement.rebalanceTimeoutMs = rebalanceTimeoutMs;
        boolean sameProtocols = old.sameProtocols(protocols);
        replacement.protocols = List.copyOf(protocols);
        replaceInOrder(group, oldMemberId, replacement);
        group.staticMembers.put(old.instanceId, newMemberId);
        boolean wasLeader = oldMemberId.equals(group.leaderId);
        if (wasLeader) {
            group.leaderId = newMemberId;
        }
        if (group.state == ClassicGroupState.STABLE && sameProtocols && !wasLeader) {
            // Same instance restarted: keep its assignment, no rebalance; persist the new member id.
            shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CLASSIC_GROUP, group.groupId()),
                    group.toValue(nowMs)));
            scheduleHeartbeat(group, replacement, nowMs);
            shard.completeLater(future, joinResponse(group, replacement));
            return;
        }
        replacement.joinFuture = future;
        if (group.state == ClassicGroupState.PREPARING_REBALANCE) {
            maybeCompleteJoin(group, nowMs);
        } else {
            prepareRebalance(group, nowMs, "static member " + old.instanceId + " rejoined with new id");
        }
    }

    private static void replaceInOrder(ClassicGroup group, String oldId, ClassicMember replacement) {
        List<ClassicMember> ordered = new ArrayList<>(group.members.values());
        group.members.clear();
        for (ClassicMember m : ordered) {
            ClassicMember keep = m.memberId.equals(oldId) ? replacement : m;
            group.members.put(keep.memberId, keep);
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, String instanceId, String clientId,
                                       String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs,
                                       String protocolType, List<ClassicMember.Protocol> protocols,
                                       CompletableFuture<JoinGroupResponseData> future, long nowMs) {
        ClassicMember member = new ClassicMember(memberId, instanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, protocols);
        member.joinFuture = future;
        if (group.members.isEmpty() && protocolType != null) {
            group.protocolType = protocolType;
        }
        group.members.put(memberId, member);
        if (instanceId != null) {
            group.staticMembers.put(instanceId, memberId);
        }
        if (group.leaderId == null) {
            group.leaderId = memberId;
        }
        if (group.initialDelayActive) {
            group.newMemberJoinedDuringDelay = true;
        }
        if (group.state == ClassicGroupState.PREPARING_REBALANCE) {
            maybeCompleteJoin(group, nowMs);
        } else {
            prepareRebalance(group, nowMs, "member " + memberId + " joined");
        }
    }

    private void updateMember(ClassicGroup group, ClassicMember member, String clientId, String clientHost,
                              int sessionTimeoutMs, int rebalanceTimeoutMs, List<ClassicMember.Protocol> protocols,
                              CompletableFuture<JoinGroupResponseData> future) {
        member.clientId = clientId;
        member.clientHost = clientHost;
        member.sessionTimeoutMs = sessionTimeoutMs;
        member.rebalanceTimeoutMs = rebalanceTimeoutMs;
        member.protocols = List.copyOf(protocols);
        if (member.joinFuture != null) {
            // A second join from the same member while the first is parked: the older one is obsolete.
            shard.completeLater(member.joinFuture, errorJoin(member.memberId, Errors.REBALANCE_IN_PROGRESS));
        }
        member.joinFuture = future;
        shard.timers.cancel(heartbeatKey(group.groupId(), member.memberId));
    }

    /** Starts a rebalance: parked syncs are answered REBALANCE_IN_PROGRESS, members must rejoin. */
    void prepareRebalance(ClassicGroup group, long nowMs, String reason) {
        if (group.state == ClassicGroupState.COMPLETING_REBALANCE) {
            for (ClassicMember m : group.members.values()) {
                if (m.syncFuture != null) {
                    shard.completeLater(m.syncFuture, errorSync(Errors.REBALANCE_IN_PROGRESS));
                    m.syncFuture = null;
                }
            }
        }
        shard.timers.cancel(syncKey(group.groupId()));
        boolean fromEmpty = group.state == ClassicGroupState.EMPTY;
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, nowMs, reason);
        int rebalanceTimeoutMs = group.maxRebalanceTimeoutMs();
        int delayMs = shard.config.groupInitialRebalanceDelayMs();
        if (fromEmpty && delayMs > 0) {
            group.initialDelayActive = true;
            group.newMemberJoinedDuringDelay = false;
            int first = Math.min(delayMs, rebalanceTimeoutMs);
            group.initialDelayRemainingMs = Math.max(0, rebalanceTimeoutMs - first);
            shard.timers.schedule(joinKey(group.groupId()), nowMs + first, now -> onInitialDelay(group, now));
        } else {
            shard.timers.schedule(joinKey(group.groupId()), nowMs + rebalanceTimeoutMs,
                    now -> completeJoin(group, now));
            maybeCompleteJoin(group, nowMs);
        }
    }

    private void onInitialDelay(ClassicGroup group, long nowMs) {
        int delayMs = shard.config.groupInitialRebalanceDelayMs();
        if (group.newMemberJoinedDuringDelay && group.initialDelayRemainingMs > 0) {
            group.newMemberJoinedDuringDelay = false;
            int next = Math.min(delayMs, group.initialDelayRemainingMs);
            group.initialDelayRemainingMs -= next;
            shard.timers.schedule(joinKey(group.groupId()), nowMs + next, now -> onInitialDelay(group, now));
            return;
        }
        group.initialDelayActive = false;
        completeJoin(group, nowMs);
    }

    void maybeCompleteJoin(ClassicGroup group, long nowMs) {
        if (group.state == ClassicGroupState.PREPARING_REBALANCE && !group.initialDelayActive
                && group.allMembersJoined()) {
            completeJoin(group, nowMs);
        }
    }

    /** Ends the join phase: members that did not rejoin are dropped, a new generation starts. */
    private void completeJoin(ClassicGroup group, long nowMs) {
        if (group.state != ClassicGroupState.PREPARING_REBALANCE) {
            return;
        }
        shard.timers.cancel(joinKey(group.groupId()));
        group.initialDelayActive = false;
        for (ClassicMember m : List.copyOf(group.members.values())) {
            if (m.joinFuture == null) {
                removeMember(group, m, Errors.UNKNOWN_MEMBER_ID);
            }
        }
        group.generation++;
        if (group.members.isEmpty()) {
            group.protocolName = null;
            group.leaderId = null;
            group.transitionTo(ClassicGroupState.EMPTY, nowMs, "no member rejoined");
            shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CLASSIC_GROUP, group.groupId()),
                    group.toValue(nowMs)));
            return;
        }
        group.protocolName = group.selectProtocol();
        if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.keySet().iterator().next();
        }
        group.transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs, "all members joined");
        for (ClassicMember m : group.members.values()) {
            m.assignment = new byte[0];
            shard.completeLater(m.joinFuture, joinResponse(group, m));
            m.joinFuture = null;
            scheduleHeartbeat(group, m, nowMs);
        }
        shard.timers.schedule(syncKey(group.groupId()), nowMs + group.maxRebalanceTimeoutMs(),
                now -> onSyncExpired(group, now));
    }

    private JoinGroupResponseData joinResponse(ClassicGroup group, ClassicMember member) {
        List<JoinGroupResponseMember> members = new ArrayList<>();
        if (member.memberId.equals(group.leaderId)) {
            for (ClassicMember m : group.members.values()) {
                members.add(new JoinGroupResponseMember().setMemberId(m.memberId)
                        .setGroupInstanceId(m.instanceId).setMetadata(m.metadata(group.protocolName)));
            }
        }
        return new JoinGroupResponseData().setErrorCode(Errors.NONE.code()).setGenerationId(group.generation)
                .setProtocolType(group.protocolType).setProtocolName(group.protocolName)
                .setLeader(group.leaderId).setMemberId(member.memberId).setMembers(members);
    }

    private static JoinGroupResponseData errorJoin(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1)
                .setProtocolName(null).setLeader("");
    }

    private static SyncGroupResponseData errorSync(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    // ---------------------------------------------------------------- SyncGroup

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData req, long nowMs) {
        ClassicGroup group = classicGroupOrUnknownMember(req.groupId());
        ClassicMember member = validateMember(group, req.memberId(), req.groupInstanceId());
        if (req.generationId() != group.generation) {
            throw new GroupException(Errors.ILLEGAL_GENERATION);
        }
        if ((req.protocolType() != null && !req.protocolType().equals(group.protocolType))
                || (req.protocolName() != null && !req.protocolName().equals(group.protocolName))) {
            throw new GroupException(Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
        switch (group.state) {
            case PREPARING_REBALANCE -> throw new GroupException(Errors.REBALANCE_IN_PROGRESS);
            case COMPLETING_REBALANCE -> {
                if (member.syncFuture != null) {
                    shard.completeLater(member.syncFuture, errorSync(Errors.REBALANCE_IN_PROGRESS));
                }
                member.syncFuture = future;
                scheduleHeartbeat(group, member, nowMs);
                if (member.memberId.equals(group.leaderId)) {
                    for (ClassicMember m : group.members.values()) {
                        m.assignment = new byte[0];
                    }
                    for (SyncGroupRequestAssignment a : req.assignments()) {
                        ClassicMember target = group.members.get(a.memberId());
                        if (target != null) {
                            target.assignment = a.assignment();
                        }
                    }
                    shard.timers.cancel(syncKey(group.groupId()));
                    group.transitionTo(ClassicGroupState.STABLE, nowMs, "leader sent the assignment");
                    shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CLASSIC_GROUP, group.groupId()),
                            group.toValue(nowMs)));
                    for (ClassicMember m : group.members.values()) {
                        if (m.syncFuture != null) {
                            shard.completeLater(m.syncFuture, syncResponse(group, m));
                            m.syncFuture = null;
                        }
                    }
                }
            }
            case STABLE -> {
                scheduleHeartbeat(group, member, nowMs);
                shard.completeLater(future, syncResponse(group, member));
            }
            default -> throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        return future;
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData().setErrorCode(Errors.NONE.code()).setProtocolType(group.protocolType)
                .setProtocolName(group.protocolName).setAssignment(member.assignment);
    }

    private void onSyncExpired(ClassicGroup group, long nowMs) {
        if (group.state != ClassicGroupState.COMPLETING_REBALANCE) {
            return;
        }
        for (ClassicMember m : List.copyOf(group.members.values())) {
            if (m.syncFuture == null) {
                removeMember(group, m, Errors.UNKNOWN_MEMBER_ID);
            }
        }
        prepareRebalance(group, nowMs, "members did not send SyncGroup within the rebalance timeout");
    }

    // ---------------------------------------------------------------- Heartbeat

    public HeartbeatResponseData heartbeat(HeartbeatRequestData req, long nowMs) {
        ClassicGroup group = classicGroupOrUnknownMember(req.groupId());
        if (group.state == ClassicGroupState.EMPTY) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        ClassicMember member = validateMember(group, req.memberId(), req.groupInstanceId());
        if (req.generationId() != group.generation) {
            throw new GroupException(Errors.ILLEGAL_GENERATION);
        }
        scheduleHeartbeat(group, member, nowMs);
        Errors error = group.state == ClassicGroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS
                : Errors.NONE;
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    void scheduleHeartbeat(ClassicGroup group, ClassicMember member, long nowMs) {
        shard.timers.schedule(heartbeatKey(group.groupId(), member.memberId), nowMs + member.sessionTimeoutMs,
                now -> onSessionExpired(group, member.memberId, now));
    }

    private void onSessionExpired(ClassicGroup group, String memberId, long nowMs) {
        ClassicMember member = group.members.get(memberId);
        if (member == null) {
            return;
        }
        if (member.joinFuture != null) {
            // Waiting in the join phase: the rebalance timeout governs it, not the session.
            return;
        }
        removeMemberAndUpdate(group, member, nowMs, "session of " + memberId + " expired");
    }

    private void onPendingMemberExpired(ClassicGroup group, String memberId, long nowMs) {
        if (group.pendingMembers.remove(memberId)) {
            maybeCompleteJoin(group, nowMs);
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData req, short version, long nowMs) {
        List<MemberIdentity> identities = version >= 3 ? req.members()
                : List.of(new MemberIdentity().setMemberId(req.memberId()));
        Group g = shard.groups.get(req.groupId());
        if (!(g instanceof ClassicGroup group)) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        if (group.state == ClassicGroupState.DEAD) {
            throw new GroupException(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        List<MemberResponse> responses = new ArrayList<>();
        for (MemberIdentity id : identities) {
            Errors error = leaveOne(group, id.memberId(), id.groupInstanceId(), nowMs);
            responses.add(new MemberResponse().setMemberId(id.memberId()).setGroupInstanceId(id.groupInstanceId())
                    .setErrorCode(error.code()));
        }
        // Before v3 the wire carries only a top-level error: LeaveGroupResponse folds the single member's into it.
        return new LeaveGroupResponseData().setErrorCode(Errors.NONE.code()).setMembers(responses);
    }

    private Errors leaveOne(ClassicGroup group, String memberId, String instanceId, long nowMs) {
        String id = memberId == null ? UNKNOWN_MEMBER : memberId;
        if (instanceId != null) {
            String mapped = group.staticMembers.get(instanceId);
            if (mapped == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!id.equals(UNKNOWN_MEMBER) && !id.equals(mapped)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            id = mapped;
        }
        if (group.pendingMembers.remove(id)) {
            shard.timers.cancel(pendingKey(group.groupId(), id));
            maybeCompleteJoin(group, nowMs);
            return Errors.NONE;
        }
        ClassicMember member = group.members.get(id);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndUpdate(group, member, nowMs, "member " + id + " left");
        return Errors.NONE;
    }

    private void removeMemberAndUpdate(ClassicGroup group, ClassicMember member, long nowMs, String reason) {
        removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, nowMs, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group, nowMs);
            default -> { }
        }
    }

    private void removeMember(ClassicGroup group, ClassicMember member, Errors parkedError) {
        failMember(member, parkedError);
        group.members.remove(member.memberId);
        if (member.instanceId != null && member.memberId.equals(group.staticMembers.get(member.instanceId))) {
            group.staticMembers.remove(member.instanceId);
        }
        shard.timers.cancel(heartbeatKey(group.groupId(), member.memberId));
        if (member.memberId.equals(group.leaderId)) {
            group.leaderId = group.members.isEmpty() ? null : group.members.keySet().iterator().next();
        }
    }

    private void failMember(ClassicMember member, Errors error) {
        if (member.joinFuture != null) {
            shard.completeLater(member.joinFuture, errorJoin(member.memberId, error));
            member.joinFuture = null;
        }
        if (member.syncFuture != null) {
            shard.completeLater(member.syncFuture, errorSync(error));
            member.syncFuture = null;
        }
    }

    void failParked(ClassicGroup group, Errors error) {
        for (ClassicMember m : group.members.values()) {
            failMember(m, error);
        }
    }

    // ---------------------------------------------------------------- helpers

    private ClassicGroup classicGroupOrUnknownMember(String groupId) {
        Group g = shard.groups.get(groupId);
        if (!(g instanceof ClassicGroup group)) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        if (group.state == ClassicGroupState.DEAD) {
            throw new GroupException(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        return group;
    }

    /** The member, or UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID. */
    ClassicMember validateMember(ClassicGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            String mapped = group.staticMembers.get(instanceId);
            if (mapped != null && !mapped.equals(memberId)) {
                throw new GroupException(Errors.FENCED_INSTANCE_ID);
            }
        }
        ClassicMember member = group.members.get(memberId);
        if (member == null) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        if (instanceId != null && !instanceId.equals(member.instanceId)) {
            throw new GroupException(Errors.FENCED_INSTANCE_ID);
        }
        return member;
    }

    /** After load: members get a full session to heartbeat again. */
    void onLoaded(ClassicGroup group, long nowMs) {
        for (ClassicMember m : group.members.values()) {
            scheduleHeartbeat(group, m, nowMs);
        }
    }
}
