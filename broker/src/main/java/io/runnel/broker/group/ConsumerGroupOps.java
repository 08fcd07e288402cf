package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.ConsumerGroupValue;
import io.runnel.broker.group.GroupRecord.ConsumerMemberValue;
import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import io.runnel.broker.group.GroupRecord.Key;
import io.runnel.broker.group.GroupRecord.TargetAssignmentEpochValue;
import io.runnel.broker.group.GroupRecord.TargetAssignmentValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The consumer group protocol (KIP-848) on a {@link GroupShard}: ConsumerGroupHeartbeat and
 * ConsumerGroupDescribe.
 *
 * <p>A heartbeat may change the member (join, subscription), which bumps the group epoch; a group epoch ahead of
 * the target assignment epoch runs the server assignor and writes the new target; then the member's current
 * assignment is moved one safe step towards its target by the {@link Reconciler} (revocations acknowledged
 * before partitions move). Every change is a record; the session and rebalance (revocation) timeouts remove
 * members that stop heartbeating or do not release partitions in time.
 *
 * <p>Thread: the shard's thread.
 */
public final class ConsumerGroupOps {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsumerGroupOps.class);
    static final int LEAVE_EPOCH = -1;

    private final GroupShard shard;

    ConsumerGroupOps(GroupShard shard) {
        this.shard = shard;
    }

    static String sessionKey(String groupId, String memberId) {
        return "cg-session/" + groupId + "/" + memberId;
    }

    static String rebalanceKey(String groupId, String memberId) {
        return "cg-rebalance/" + groupId + "/" + memberId;
    }

    // ---------------------------------------------------------------- ConsumerGroupHeartbeat

    public ConsumerGroupHeartbeatResponseData heartbeat(String clientId, String clientHost,
                                                        ConsumerGroupHeartbeatRequestData req, short version,
                                                        long nowMs) {
        validate(req, version);
        int epoch = req.memberEpoch();
        if (epoch == LEAVE_EPOCH || epoch == ConsumerGroup.STATIC_LEFT_EPOCH) {
            return leave(req, nowMs);
        }
        TopicsView topics = shard.topics.get();
        ConsumerGroup group = groupForHeartbeat(req.groupId(), epoch == 0);
        String memberId = req.memberId();
        if (epoch == 0 && version == 0 && (memberId == null || memberId.isEmpty())) {
            memberId = shard.idGenerator.get();
        }
        ConsumerMemberValue oldMember = group.members.get(memberId);
        CurrentAssignmentValue current = group.current.get(memberId);
        if (epoch == 0) {
            boolean tookOver = false;
            if (req.instanceId() != null) {
                String previous = group.memberIdOfInstance(req.instanceId());
                if (previous != null && !previous.equals(memberId)) {
                    CurrentAssignmentValue prev = group.current.get(previous);
                    if (prev.memberEpoch() != ConsumerGroup.STATIC_LEFT_EPOCH) {
                        throw new GroupException(Errors.UNRELEASED_INSTANCE_ID, "instance " + req.instanceId()
                                + " is still in use by member " + previous);
                    }
                    oldMember = takeOverStaticMember(group, previous, memberId, prev);
                    current = group.current.get(memberId);
                    tookOver = true;
                }
            }
            if (!tookOver && current != null && current.memberEpoch() != 0) {
                // Rejoin with a known id (after being fenced, or a retried join): the client holds nothing.
                current = new CurrentAssignmentValue(0, current.memberEpoch(), MemberState.STABLE,
                        Assignments.EMPTY, Assignments.EMPTY);
                shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, group.groupId(),
                        memberId), current));
            }
        } else {
            if (oldMember == null || current == null) {
                throw new GroupException(Errors.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in group "
                        + req.groupId());
            }
            if (req.instanceId() != null && !req.instanceId().equals(oldMember.instanceId())) {
                throw new GroupException(Errors.FENCED_INSTANCE_ID);
            }
            throwIfEpochInvalid(current, epoch, owned(req));
        }

        ConsumerMemberValue newMember = mergeMember(oldMember, req, clientId, clientHost);
        boolean subscriptionChanged = oldMember == null
                || !newMember.subscribedTopicNames().equals(oldMember.subscribedTopicNames())
                || !Objects.equals(newMember.subscribedTopicRegex(), oldMember.subscribedTopicRegex())
                || !Objects.equals(newMember.serverAssignor(), oldMember.serverAssignor());
        if (oldMember == null && group.members.size() >= shard.config.consumerMaxSize()) {
            throw new GroupException(Errors.GROUP_MAX_SIZE_REACHED);
        }
        if (!newMember.equals(oldMember)) {
            shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CONSUMER_MEMBER, group.groupId(),
                    memberId), newMember));
        }
        long hash = metadataHash(group, topics);
        if (subscriptionChanged || hash != group.metadataHash || !group.created) {
            bumpGroupEpoch(group, hash);
        }
        if (group.groupEpoch > group.assignmentEpoch) {
            computeTargetAssignment(group, topics);
        }
        if (current == null) {
            current = new CurrentAssignmentValue(0, -1, MemberState.STABLE, Assignments.EMPTY, Assignments.EMPTY);
        }
        Map<Uuid, Set<Integer>> owned = owned(req);
        CurrentAssignmentValue next = Reconciler.reconcile(memberId, current, group.assignmentEpoch,
                group.targetAssignment.getOrDefault(memberId, Assignments.EMPTY), owned, group::ownerOf);
        CurrentAssignmentValue before = group.current.get(memberId);
        if (!next.equals(before)) {
            shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, group.groupId(),
                    memberId), next));
        }
        scheduleTimeouts(group, memberId, newMember, next, nowMs);

        ConsumerGroupHeartbeatResponseData out = new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(Errors.NONE.code()).setMemberId(memberId).setMemberEpoch(next.memberEpoch())
                .setHeartbeatIntervalMs(shard.config.consumerHeartbeatIntervalMs());
        boolean fullRequest = epoch == 0 || (req.rebalanceTimeoutMs() != -1 && req.subscribedTopicNames() != null
                && req.topicPartitions() != null);
        boolean assignmentChanged = before == null || !before.assigned().equals(next.assigned());
        boolean ownedDiffers = owned != null && !owned.equals(next.assigned());
        if (fullRequest || assignmentChanged || ownedDiffers) {
            out.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment()
                    .setTopicPartitions(toResponse(next.assigned())));
        }
        return out;
    }

    private void validate(ConsumerGroupHeartbeatRequestData req, short version) {
        if (req.groupId() == null || req.groupId().isEmpty()) {
            throw new GroupException(Errors.INVALID_REQUEST, "GroupId can't be empty");
        }
        if (version >= 1 && (req.memberId() == null || req.memberId().isEmpty())) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberId can't be empty");
        }
        if (req.memberEpoch() == 0) {
            if (req.subscribedTopicNames() == null && req.subscribedTopicRegex() == null) {
                throw new GroupException(Errors.INVALID_REQUEST,
                        "SubscribedTopicNames or SubscribedTopicRegex must be set when joining");
            }
            if (req.topicPartitions() != null && !req.topicPartitions().isEmpty()) {
                throw new GroupException(Errors.INVALID_REQUEST, "TopicPartitions must be empty when joining");
            }
        } else if (req.memberEpoch() < ConsumerGroup.STATIC_LEFT_EPOCH) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberEpoch is invalid: " + req.memberEpoch());
        }
        if (req.memberEpoch() != 0 && (req.memberId() == null || req.memberId().isEmpty())) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberId can't be empty");
        }
        if (req.memberEpoch() == ConsumerGroup.STATIC_LEFT_EPOCH && req.instanceId() == null) {
            throw new GroupException(Errors.INVALID_REQUEST, "InstanceId can't be null for a static leave");
        }
        if (req.serverAssignor() != null && !shard.config.consumerAssignors().contains(req.serverAssignor())) {
            throw new GroupException(Errors.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + req.serverAssignor()
                    + " is not supported; supported: " + shard.config.consumerAssignors());
        }
        if (req.subscribedTopicRegex() != null) {
            try {
                Pattern.compile(req.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw new GroupException(Errors.INVALID_REGULAR_EXPRESSION, e.getMessage());
            }
        }
    }

    private ConsumerGroup groupForHeartbeat(String groupId, boolean createIfMissing) {
        Group g = shard.groups.get(groupId);
        if (g instanceof ConsumerGroup cg) {
            return cg;
        }
        if (g instanceof ClassicGroup classic) {
            if (!classic.isEmpty() || !classic.pendingMembers.isEmpty()) {
                throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "group " + groupId
                        + " is a classic group with members, not a consumer group");
            }
            if (!createIfMissing) {
                throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
            }
            shard.deleteGroupRecords(classic);
        } else if (g instanceof ShareGroup) {
            throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "group " + groupId + " is a share group");
        } else if (!createIfMissing) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID, "group " + groupId + " does not exist");
        }
        ConsumerGroup created = new ConsumerGroup(groupId);
        shard.groups.put(groupId, created);
        return created;
    }

    /** KIP-848 epoch check: a member may lag one epoch if it only owns partitions it still has. */
    private static void throwIfEpochInvalid(CurrentAssignmentValue current, int epoch, Map<Uuid, Set<Integer>> owned) {
        if (epoch > current.memberEpoch()) {
            throw new GroupException(Errors.FENCED_MEMBER_EPOCH, "epoch " + epoch + " is ahead of the member's "
                    + current.memberEpoch());
        }
        if (epoch < current.memberEpoch()
                && (epoch != current.previousMemberEpoch()
                || (owned != null && !Assignments.isSubset(owned, current.assigned())))) {
            throw new GroupException(Errors.FENCED_MEMBER_EPOCH, "epoch " + epoch + " is stale (member epoch "
                    + current.memberEpoch() + ")");
        }
    }

    private ConsumerMemberValue takeOverStaticMember(ConsumerGroup group, String previousId, String memberId,
                                                     CurrentAssignmentValue prev) {
        ConsumerMemberValue member = group.members.get(previousId);
        Map<Uuid, Set<Integer>> target = group.targetAssignment.getOrDefault(previousId, Assignments.EMPTY);
        removeMemberRecords(group, previousId);
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CONSUMER_MEMBER, group.groupId(), memberId),
                member));
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_TARGET_MEMBER, group.groupId(), memberId),
                new TargetAssignmentValue(target)));
        // The new process takes the assignment the instance held, at the epoch it held it.
        int epoch = prev.previousMemberEpoch();
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, group.groupId(), memberId),
                new CurrentAssignmentValue(epoch, epoch, prev.state(), prev.assigned(), prev.pendingRevocation())));
        return member;
    }

    private ConsumerMemberValue mergeMember(ConsumerMemberValue old, ConsumerGroupHeartbeatRequestData req,
                                            String clientId, String clientHost) {
        List<String> names = req.subscribedTopicNames() != null ? sorted(req.subscribedTopicNames())
                : old != null ? old.subscribedTopicNames() : List.of();
        String regex = req.subscribedTopicRegex() != null ? emptyToNull(req.subscribedTopicRegex())
                : old != null ? old.subscribedTopicRegex() : null;
        return new ConsumerMemberValue(
                req.instanceId() != null ? req.instanceId() : old != null ? old.instanceId() : null,
                req.rackId() != null ? req.rackId() : old != null ? old.rackId() : null,
                clientId, clientHost, names, regex,
                req.serverAssignor() != null ? req.serverAssignor() : old != null ? old.serverAssignor() : null,
                req.rebalanceTimeoutMs() != -1 ? req.rebalanceTimeoutMs()
                        : old != null ? old.rebalanceTimeoutMs() : shard.config.consumerSessionTimeoutMs());
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static List<String> sorted(List<String> names) {
        return List.copyOf(new TreeSet<>(names));
    }

    private void scheduleTimeouts(ConsumerGroup group, String memberId, ConsumerMemberValue member,
                                  CurrentAssignmentValue current, long nowMs) {
        shard.timers.schedule(sessionKey(group.groupId(), memberId), nowMs + shard.config.consumerSessionTimeoutMs(),
                now -> removeMember(group, memberId, now, "session timeout"));
        String key = rebalanceKey(group.groupId(), memberId);
        if (current.state() == MemberState.UNREVOKED_PARTITIONS) {
            if (!shard.timers.isScheduled(key)) {
                shard.timers.schedule(key, nowMs + member.rebalanceTimeoutMs(), now -> {
                    CurrentAssignmentValue c = group.current.get(memberId);
                    if (c != null && c.state() == MemberState.UNREVOKED_PARTITIONS) {
                        removeMember(group, memberId, now, "partitions not revoked within the rebalance timeout");
                    }
                });
            }
        } else {
            shard.timers.cancel(key);
        }
    }

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroupHeartbeatRequestData req, long nowMs) {
        Group g = shard.groups.get(req.groupId());
        String memberId = req.memberId();
        if (!(g instanceof ConsumerGroup group) || !group.members.containsKey(memberId)) {
            throw new GroupException(Errors.UNKNOWN_MEMBER_ID);
        }
        CurrentAssignmentValue current = group.current.get(memberId);
        if (req.memberEpoch() == ConsumerGroup.STATIC_LEFT_EPOCH) {
            // Static member restarting: keep its assignment for its instance until the session times out.
            shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, group.groupId(),
                    memberId), new CurrentAssignmentValue(ConsumerGroup.STATIC_LEFT_EPOCH, current.memberEpoch(),
                    current.state(), current.assigned(), current.pendingRevocation())));
            shard.timers.cancel(rebalanceKey(group.groupId(), memberId));
            shard.timers.schedule(sessionKey(group.groupId(), memberId),
                    nowMs + shard.config.consumerSessionTimeoutMs(),
                    now -> removeMember(group, memberId, now, "static member did not come back"));
        } else {
            removeMember(group, memberId, nowMs, "member left");
        }
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.NONE.code()).setMemberId(memberId)
                .setMemberEpoch(req.memberEpoch()).setHeartbeatIntervalMs(0);
    }

    /** Removes a member (left, fenced or timed out): its partitions are free, the group epoch moves. */
    void removeMember(ConsumerGroup group, String memberId, long nowMs, String reason) {
        if (!group.members.containsKey(memberId) || shard.groups.get(group.groupId()) != group) {
            return;
        }
        LOG.info("Removing member {} from consumer group {} at {}: {}", memberId, group.groupId(), nowMs, reason);
        removeMemberRecords(group, memberId);
        bumpGroupEpoch(group, metadataHash(group, shard.topics.get()));
        computeTargetAssignment(group, shard.topics.get());
    }

    /** Tombstones of the member's records; cancels its timers. */
    void removeMemberRecords(ConsumerGroup group, String memberId) {
        String groupId = group.groupId();
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, groupId, memberId), null));
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_TARGET_MEMBER, groupId, memberId), null));
        shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_CONSUMER_MEMBER, groupId, memberId), null));
        shard.timers.cancel(sessionKey(groupId, memberId));
        shard.timers.cancel(rebalanceKey(groupId, memberId));
    }

    private void bumpGroupEpoch(ConsumerGroup group, long metadataHash) {
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_CONSUMER_GROUP, group.groupId()),
                new ConsumerGroupValue(group.groupEpoch + 1, metadataHash)));
    }

    private void computeTargetAssignment(ConsumerGroup group, TopicsView topics) {
        TreeMap<String, ServerAssignor.Subscription> members = new TreeMap<>();
        Map<Uuid, Integer> counts = new HashMap<>();
        group.members.forEach((id, m) -> {
            Set<Uuid> ids = new TreeSet<>();
            for (String name : subscribedNames(m, topics)) {
                Uuid topicId = topics.topicId(name);
                if (topicId != null) {
                    ids.add(topicId);
                    counts.put(topicId, topics.partitionCount(name));
                }
            }
            members.put(id, new ServerAssignor.Subscription(ids,
                    group.targetAssignment.getOrDefault(id, Assignments.EMPTY)));
        });
        Map<String, Map<Uuid, Set<Integer>>> result = assignorOf(group)
                .assign(new ServerAssignor.Spec(members, counts));
        result.forEach((memberId, assignment) -> {
            if (!assignment.equals(group.targetAssignment.getOrDefault(memberId, Assignments.EMPTY))
                    || !group.targetAssignment.containsKey(memberId)) {
                shard.append(new GroupRecord(Key.member(GroupRecordFormat.TYPE_TARGET_MEMBER, group.groupId(),
                        memberId), new TargetAssignmentValue(assignment)));
            }
        });
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_TARGET_EPOCH, group.groupId()),
                new TargetAssignmentEpochValue(group.groupEpoch)));
    }

    /** The assignor most members asked for (ties: configuration order); the first configured by default. */
    ServerAssignor assignorOf(ConsumerGroup group) {
        List<String> configured = shard.config.consumerAssignors();
        Map<String, Integer> votes = new HashMap<>();
        group.members.values().forEach(m -> {
            if (m.serverAssignor() != null) {
                votes.merge(m.serverAssignor(), 1, Integer::sum);
            }
        });
        String best = configured.get(0);
        int bestVotes = 0;
        for (String name : configured) {
            int v = votes.getOrDefault(name, 0);
            if (v > bestVotes) {
                best = name;
                bestVotes = v;
            }
        }
        return ServerAssignor.byName(best);
    }

    /** Topic names the member subscribes to: its names, plus existing topics matching its regex. */
    Set<String> subscribedNames(ConsumerMemberValue member, TopicsView topics) {
        Set<String> names = new TreeSet<>(member.subscribedTopicNames());
        if (member.subscribedTopicRegex() != null) {
            Pattern p = Pattern.compile(member.subscribedTopicRegex());
            for (String name : topics.topicNames()) {
                if (p.matcher(name).matches() && !name.startsWith("__")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** A hash of the subscribed topics' ids and partition counts: a change bumps the group epoch. */
    private long metadataHash(ConsumerGroup group, TopicsView topics) {
        Set<String> names = new TreeSet<>();
        group.members.values().forEach(m -> names.addAll(subscribedNames(m, topics)));
        long hash = 1125899906842597L;
        for (String name : names) {
            Uuid id = topics.topicId(name);
            if (id == null) {
                continue;
            }
            hash = 31 * hash + name.hashCode();
            hash = 31 * hash + id.getMostSignificantBits();
            hash = 31 * hash + id.getLeastSignificantBits();
            hash = 31 * hash + topics.partitionCount(name);
        }
        return hash;
    }

    private static Map<Uuid, Set<Integer>> owned(ConsumerGroupHeartbeatRequestData req) {
        if (req.topicPartitions() == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        req.topicPartitions().forEach(tp -> out.computeIfAbsent(tp.topicId(), t -> new TreeSet<>())
                .addAll(tp.partitions()));
        return Assignments.copyOf(out);
    }

    private static List<ConsumerGroupHeartbeatResponseData.TopicPartitions> toResponse(Map<Uuid, Set<Integer>> a) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> out = new ArrayList<>();
        a.forEach((t, ps) -> out.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(t)
                .setPartitions(new ArrayList<>(ps))));
        return out;
    }

    /** After load: members get a full session to heartbeat again; revocations a full rebalance timeout. */
    void onLoaded(ConsumerGroup group, long nowMs) {
        group.members.forEach((id, m) -> scheduleTimeouts(group, id, m, group.current.get(id), nowMs));
    }

    // ---------------------------------------------------------------- ConsumerGroupDescribe

    public DescribedGroup describe(String groupId) {
        DescribedGroup out = new DescribedGroup().setGroupId(groupId);
        Group g = shard.groups.get(groupId);
        if (!(g instanceof ConsumerGroup group)) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(g == null
                    ? "Group " + groupId + " not found." : "Group " + groupId + " is not a consumer group.");
        }
        TopicsView topics = shard.topics.get();
        List<ConsumerGroupDescribeResponseData.Member> members = new ArrayList<>();
        group.members.forEach((id, m) -> {
            CurrentAssignmentValue c = group.current.get(id);
            members.add(new ConsumerGroupDescribeResponseData.Member().setMemberId(id).setInstanceId(m.instanceId())
                    .setRackId(m.rackId()).setMemberEpoch(c == null ? 0 : c.memberEpoch()).setClientId(m.clientId())
                    .setClientHost(m.clientHost()).setSubscribedTopicNames(m.subscribedTopicNames())
                    .setSubscribedTopicRegex(m.subscribedTopicRegex())
                    .setAssignment(describe(c == null ? Assignments.EMPTY : c.assigned(), topics))
                    .setTargetAssignment(describe(group.targetAssignment.getOrDefault(id, Assignments.EMPTY), topics))
                    .setMemberType((byte) 1));
        });
        return out.setErrorCode(Errors.NONE.code()).setGroupState(group.stateLabel())
                .setGroupEpoch(group.groupEpoch).setAssignmentEpoch(group.assignmentEpoch)
                .setAssignorName(assignorOf(group).name()).setMembers(members);
    }

    private static ConsumerGroupDescribeResponseData.Assignment describe(Map<Uuid, Set<Integer>> a,
                                                                         TopicsView topics) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> out = new ArrayList<>();
        a.forEach((t, ps) -> {
            String name = topics.topicName(t);
            out.add(new ConsumerGroupDescribeResponseData.TopicPartitions().setTopicId(t)
                    .setTopicName(name == null ? "" : name).setPartitions(new ArrayList<>(ps)));
        });
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(out);
    }
}
