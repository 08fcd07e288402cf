package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.Key;
import io.runnel.broker.group.GroupRecord.ShareGroupConfigValue;
import io.runnel.broker.group.GroupRecord.ShareGroupValue;
import io.runnel.broker.group.ShareGroup.Member;
import io.runnel.broker.group.ShareGroup.Session;
import io.runnel.broker.group.ShareGroup.SharePartitionKey;
import io.runnel.broker.group.SharePartition.Acquired;
import io.runnel.broker.partition.Partition;
import io.runnel.storage.LogSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Share groups (KIP-932) on a {@link GroupShard}: membership (ShareGroupHeartbeat, ShareGroupDescribe), delivery
 * (ShareFetch, ShareAcknowledge: acquire, acknowledge, lock timeouts) and the share-partition offsets admin APIs.
 *
 * <p>Assignment: every member gets every partition of the topics it subscribes to; members share partitions and
 * the per-record acquisition locks keep them from getting the same record at once. Every change to a
 * {@link SharePartition} is written as its whole state ({@link GroupRecord.SharePartitionValue}) before the
 * response that reveals it is released: acquisitions included, so a delivery is counted before the client sees it.
 *
 * <p>Thread: the shard's thread.
 */
public final class ShareGroupOps {
    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupOps.class);
    static final int LEAVE_EPOCH = -1;
    /** ShareFetch/ShareAcknowledge session epochs (KIP-932). */
    public static final int INITIAL_SESSION_EPOCH = 0;
    public static final int FINAL_SESSION_EPOCH = -1;

    private final GroupShard shard;

    ShareGroupOps(GroupShard shard) {
        this.shard = shard;
    }

    static String sessionKey(String groupId, String memberId) {
        return "sg-session/" + groupId + "/" + memberId;
    }

    static String lockKey(String groupId, TopicPartition tp) {
        return "sg-lock/" + groupId + "/" + tp;
    }

    static String delayKey(String groupId, TopicPartition tp) {
        return "sg-delay/" + groupId + "/" + tp;
    }

    /** Record header: deliver to share groups no earlier than this epoch-ms time (decimal string). */
    public static final String HEADER_DELIVER_AT = "runnel.deliver.at";
    /** Record header: deliver to share groups no earlier than the record's timestamp plus this (decimal ms). */
    public static final String HEADER_DELIVER_AFTER_MS = "runnel.deliver.after.ms";
    /** Most log bytes one partition contributes to one ShareFetch (the read is parsed for delivery-time headers). */
    static final int SHARE_READ_BYTES = 1024 * 1024;

    /** One acknowledgement batch: offsets {@code [firstOffset, lastOffset]}, one type or one per offset. */
    public record AckBatch(long firstOffset, long lastOffset, List<Byte> types) {
    }

    /** The limits of one acquisition pass. */
    public record FetchLimits(int maxRecords, int maxBytes, int partitionMaxBytes) {
    }

    /** A ShareFetch as the shard sees it: names already internal, topic ids resolved. */
    public record FetchCall(String groupId, String memberId, int sessionEpoch, List<SharePartitionKey> added,
                            List<SharePartitionKey> forgotten, Map<SharePartitionKey, List<AckBatch>> acks,
                            FetchLimits limits) {
    }

    /** The outcome for one partition: records (a slice of the log) and the acquired ranges within it. */
    public record PartitionResult(SharePartitionKey key, Errors error, Errors ackError, LogSlice slice,
                                  List<Acquired> acquired) {
    }

    /** What a ShareFetch or ShareAcknowledge produced. */
    public record Outcome(List<PartitionResult> results, List<SharePartitionKey> sessionPartitions,
                          int lockDurationMs) {
        public boolean acquiredAny() {
            for (PartitionResult r : results) {
                if (!r.acquired().isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        /** Releases the log slices (the response was dropped). */
        public void releaseSlices() {
            for (PartitionResult r : results) {
                if (r.slice() != null) {
                    r.slice().release();
                }
            }
        }
    }

    // ---------------------------------------------------------------- configs

    int lockDurationMs(ShareGroup g) {
        return shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_RECORD_LOCK_DURATION_MS);
    }

    int deliveryLimit(ShareGroup g) {
        return shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_DELIVERY_COUNT_LIMIT);
    }

    private boolean startsAtEarliest(ShareGroup g) {
        return "earliest".equals(shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_AUTO_OFFSET_RESET));
    }

    // ---------------------------------------------------------------- ShareGroupHeartbeat

    public ShareGroupHeartbeatResponseData heartbeat(String clientId, String clientHost,
                                                     ShareGroupHeartbeatRequestData req, long nowMs) {
        String groupId = req.groupId();
        String memberId = req.memberId();
        if (groupId == null || groupId.isEmpty()) {
            throw new GroupException(Errors.INVALID_REQUEST, "GroupId can't be empty");
        }
        if (memberId == null || memberId.isEmpty()) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberId can't be empty");
        }
        int epoch = req.memberEpoch();
        if (epoch == LEAVE_EPOCH) {
            if (shard.groups.get(groupId) instanceof ShareGroup g && g.members.containsKey(memberId)) {
                removeMember(g, memberId, nowMs);
            }
            return new ShareGroupHeartbeatResponseData().setMemberId(memberId).setMemberEpoch(LEAVE_EPOCH);
        }
        if (epoch < 0) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberEpoch " + epoch + " is invalid");
        }
        if (epoch == 0 && (req.subscribedTopicNames() == null || req.subscribedTopicNames().isEmpty())) {
            throw new GroupException(Errors.INVALID_REQUEST, "SubscribedTopicNames must be set when joining");
        }
        ShareGroup group = groupFor(groupId, epoch == 0);
        Member member = group.members.get(memberId);
        boolean changed = false;
        if (member == null) {
            if (epoch != 0) {
                throw new GroupException(Errors.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in group "
                        + groupId);
            }
            member = new Member(memberId, clientId, clientHost);
            group.members.put(memberId, member);
            changed = true;
        } else if (epoch != 0 && epoch > member.memberEpoch) {
            throw new GroupException(Errors.FENCED_MEMBER_EPOCH, "epoch " + epoch + " is ahead of the member's "
                    + member.memberEpoch);
        }
        if (req.subscribedTopicNames() != null && !req.subscribedTopicNames().equals(member.subscribedTopics)) {
            member.subscribedTopics = List.copyOf(req.subscribedTopicNames());
            changed = true;
        }
        if (req.rackId() != null) {
            member.rackId = req.rackId();
        }
        if (changed) {
            bumpEpoch(group);
        }
        member.memberEpoch = group.groupEpoch;
        shard.timers.schedule(sessionKey(groupId, memberId), nowMs + sessionTimeoutMs(group),
                now -> onSessionTimeout(groupId, memberId, now));
        return new ShareGroupHeartbeatResponseData().setMemberId(memberId).setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(shard.shareConfig.effective(group.configs,
                        ShareGroupConfig.GROUP_HEARTBEAT_INTERVAL_MS))
                .setAssignment(new ShareGroupHeartbeatResponseData.Assignment()
                        .setTopicPartitions(assignment(member)));
    }

    private int sessionTimeoutMs(ShareGroup g) {
        return shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_SESSION_TIMEOUT_MS);
    }

    /** Every partition of every subscribed topic that exists. */
    private List<ShareGroupHeartbeatResponseData.TopicPartitions> assignment(Member member) {
        TopicsView topics = shard.topics.get();
        List<ShareGroupHeartbeatResponseData.TopicPartitions> out = new ArrayList<>();
        for (String topic : new TreeSet<>(member.subscribedTopics)) {
            Uuid id = topics.topicId(topic);
            int count = topics.partitionCount(topic);
            if (id == null || count <= 0) {
                continue;
            }
            List<Integer> partitions = new ArrayList<>(count);
            for (int p = 0; p < count; p++) {
                partitions.add(p);
            }
            out.add(new ShareGroupHeartbeatResponseData.TopicPartitions().setTopicId(id).setPartitions(partitions));
        }
        return out;
    }

    private ShareGroup groupFor(String groupId, boolean createIfMissing) {
        Group g = shard.groups.get(groupId);
        if (g instanceof ShareGroup sg) {
            return sg;
        }
        if (g != null) {
            throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "group " + groupId + " is a " + g.type()
                    + " group, not a share group");
        }
        if (!createIfMissing) {
            throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "share group " + groupId + " does not exist");
        }
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_SHARE_GROUP, groupId), new ShareGroupValue(0)));
        return (ShareGroup) shard.groups.get(groupId);
    }

    private void bumpEpoch(ShareGroup g) {
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_SHARE_GROUP, g.groupId()),
                new ShareGroupValue(g.groupEpoch + 1)));
    }

    private void onSessionTimeout(String groupId, String memberId, long nowMs) {
        if (shard.groups.get(groupId) instanceof ShareGroup g && g.members.containsKey(memberId)) {
            LOG.info("Share group {} member {} timed out; releasing its records", groupId, memberId);
            removeMember(g, memberId, nowMs);
        }
    }

    private void removeMember(ShareGroup g, String memberId, long nowMs) {
        g.members.remove(memberId);
        g.sessions.remove(memberId);
        shard.timers.cancel(sessionKey(g.groupId(), memberId));
        releaseMember(g, memberId, nowMs);
        bumpEpoch(g);
    }

    private void releaseMember(ShareGroup g, String memberId, long nowMs) {
        int limit = deliveryLimit(g);
        for (Map.Entry<TopicPartition, SharePartition> e : g.partitions.entrySet()) {
            if (e.getValue().releaseMember(memberId, limit)) {
                persist(g, e.getKey(), e.getValue(), nowMs);
                shard.shareServices.onAvailable().accept(g.groupId(), e.getKey());
            }
        }
    }

    // ---------------------------------------------------------------- ShareGroupDescribe

    public ShareGroupDescribeResponseData.DescribedGroup describe(String groupId) {
        ShareGroupDescribeResponseData.DescribedGroup out = new ShareGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId);
        Group g = shard.groups.get(groupId);
        if (!(g instanceof ShareGroup group)) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(g == null
                    ? "Group " + groupId + " not found" : "Group " + groupId + " is not a share group");
        }
        TopicsView topics = shard.topics.get();
        List<ShareGroupDescribeResponseData.Member> members = new ArrayList<>();
        for (Member m : group.members.values()) {
            List<ShareGroupDescribeResponseData.TopicPartitions> assigned = new ArrayList<>();
            for (ShareGroupHeartbeatResponseData.TopicPartitions tp : assignment(m)) {
                assigned.add(new ShareGroupDescribeResponseData.TopicPartitions().setTopicId(tp.topicId())
                        .setTopicName(topics.topicName(tp.topicId())).setPartitions(tp.partitions()));
            }
            members.add(new ShareGroupDescribeResponseData.Member().setMemberId(m.memberId).setRackId(m.rackId)
                    .setMemberEpoch(m.memberEpoch).setClientId(m.clientId).setClientHost(m.clientHost)
                    .setSubscribedTopicNames(m.subscribedTopics)
                    .setAssignment(new ShareGroupDescribeResponseData.Assignment().setTopicPartitions(assigned)));
        }
        return out.setGroupState(group.stateLabel()).setGroupEpoch(group.groupEpoch)
                .setAssignmentEpoch(group.groupEpoch).setAssignorName("simple").setMembers(members);
    }

    // ---------------------------------------------------------------- ShareFetch / ShareAcknowledge

    /**
     * A ShareFetch: updates the member's share session, applies the piggy-backed acknowledgements, then (unless
     * the session closes) acquires records from the session's partitions.
     */
    public Outcome fetch(FetchCall call, Function<TopicPartition, Optional<Partition>> logs, long nowMs) {
        ShareGroup g = groupFor(call.groupId(), false);
        Session session = updateSession(g, call.memberId(), call.sessionEpoch(), call.added(), call.forgotten(),
                true);
        Map<SharePartitionKey, Errors> ackErrors = applyAcks(g, call.memberId(), call.acks(), nowMs);
        List<PartitionResult> results = new ArrayList<>();
        if (call.sessionEpoch() == FINAL_SESSION_EPOCH) {
            releaseMember(g, call.memberId(), nowMs);
            ackErrors.forEach((k, e) -> results.add(new PartitionResult(k, Errors.NONE, e, null, List.of())));
            return new Outcome(results, List.of(), lockDurationMs(g));
        }
        List<SharePartitionKey> partitions = rotated(List.copyOf(session.partitions), session.nextEpoch);
        results.addAll(acquire(g, call.memberId(), partitions, call.limits(), logs, nowMs, ackErrors));
        return new Outcome(results, partitions, lockDurationMs(g));
    }

    /** The partitions starting at a different one each fetch, so that max_records does not starve the last ones. */
    private static List<SharePartitionKey> rotated(List<SharePartitionKey> partitions, int by) {
        if (partitions.size() < 2) {
            return partitions;
        }
        List<SharePartitionKey> out = new ArrayList<>(partitions);
        java.util.Collections.rotate(out, Math.floorMod(by, partitions.size()));
        return out;
    }

    /** A second acquisition pass for a ShareFetch that waited for records (no session or ack changes). */
    public Outcome acquireAgain(String groupId, String memberId, List<SharePartitionKey> partitions,
                                FetchLimits limits, Function<TopicPartition, Optional<Partition>> logs, long nowMs) {
        ShareGroup g = groupFor(groupId, false);
        Session session = g.sessions.get(memberId);
        List<SharePartitionKey> still = new ArrayList<>();
        for (SharePartitionKey k : partitions) {
            if (session != null && session.partitions.contains(k)) {
                still.add(k);
            }
        }
        return new Outcome(acquire(g, memberId, still, limits, logs, nowMs, Map.of()), still, lockDurationMs(g));
    }

    /** A ShareAcknowledge: session epoch check (no new session here), then the acknowledgements. */
    public Outcome acknowledge(String groupId, String memberId, int sessionEpoch,
                               Map<SharePartitionKey, List<AckBatch>> acks, long nowMs) {
        ShareGroup g = groupFor(groupId, false);
        if (sessionEpoch == INITIAL_SESSION_EPOCH) {
            throw new GroupException(Errors.INVALID_SHARE_SESSION_EPOCH,
                    "ShareAcknowledge cannot open a share session");
        }
        updateSession(g, memberId, sessionEpoch, List.of(), List.of(), false);
        Map<SharePartitionKey, Errors> ackErrors = applyAcks(g, memberId, acks, nowMs);
        if (sessionEpoch == FINAL_SESSION_EPOCH) {
            releaseMember(g, memberId, nowMs);
        }
        List<PartitionResult> results = new ArrayList<>();
        ackErrors.forEach((k, e) -> results.add(new PartitionResult(k, e, e, null, List.of())));
        return new Outcome(results, List.of(), lockDurationMs(g));
    }

    private Session updateSession(ShareGroup g, String memberId, int epoch, List<SharePartitionKey> added,
                                  List<SharePartitionKey> forgotten, boolean mayOpen) {
        if (memberId == null || memberId.isEmpty()) {
            throw new GroupException(Errors.INVALID_REQUEST, "MemberId can't be empty");
        }
        Session session = g.sessions.get(memberId);
        if (epoch == INITIAL_SESSION_EPOCH && mayOpen) {
            session = new Session();
            g.sessions.put(memberId, session);
        } else if (session == null) {
            throw new GroupException(Errors.SHARE_SESSION_NOT_FOUND, "no share session for member " + memberId);
        } else if (epoch == FINAL_SESSION_EPOCH) {
            g.sessions.remove(memberId);
            return session;
        } else if (epoch != session.nextEpoch) {
            throw new GroupException(Errors.INVALID_SHARE_SESSION_EPOCH, "expected share session epoch "
                    + session.nextEpoch + ", got " + epoch);
        } else {
            session.nextEpoch = session.nextEpoch == Integer.MAX_VALUE ? 1 : session.nextEpoch + 1;
        }
        session.partitions.removeAll(forgotten);
        session.partitions.addAll(added);
        return session;
    }

    private Map<SharePartitionKey, Errors> applyAcks(ShareGroup g, String memberId,
                                                     Map<SharePartitionKey, List<AckBatch>> acks, long nowMs) {
        Map<SharePartitionKey, Errors> out = new HashMap<>();
        int limit = deliveryLimit(g);
        long renewDeadlineMs = nowMs + lockDurationMs(g);
        for (Map.Entry<SharePartitionKey, List<AckBatch>> e : acks.entrySet()) {
            TopicPartition tp = e.getKey().topicPartition();
            SharePartition sp = g.partitions.get(tp);
            Errors error = Errors.NONE;
            if (sp == null) {
                error = Errors.INVALID_RECORD_STATE;
            } else {
                for (AckBatch b : e.getValue()) {
                    Errors r = sp.acknowledge(memberId, b.firstOffset(), b.lastOffset(), b.types(), limit,
                            renewDeadlineMs);
                    if (r != Errors.NONE) {
                        error = r;
                    }
                }
                persist(g, tp, sp, nowMs);
                shard.shareServices.onAvailable().accept(g.groupId(), tp);
            }
            out.put(e.getKey(), error);
        }
        return out;
    }

    private List<PartitionResult> acquire(ShareGroup g, String memberId, List<SharePartitionKey> partitions,
                                          FetchLimits limits, Function<TopicPartition, Optional<Partition>> logs,
                                          long nowMs, Map<SharePartitionKey, Errors> ackErrors) {
        List<PartitionResult> out = new ArrayList<>();
        int recordsLeft = limits.maxRecords() <= 0 ? Integer.MAX_VALUE : limits.maxRecords();
        int bytesLeft = limits.maxBytes() <= 0 ? Integer.MAX_VALUE : limits.maxBytes();
        int maxInFlight = shard.shareConfig.partitionMaxRecordLocks();
        int limit = deliveryLimit(g);
        long lockDeadlineMs = nowMs + lockDurationMs(g);
        Map<SharePartitionKey, Errors> unreported = new HashMap<>(ackErrors);
        for (SharePartitionKey key : partitions) {
            TopicPartition tp = key.topicPartition();
            Errors ackError = unreported.containsKey(key) ? unreported.remove(key) : Errors.NONE;
            Partition partition = logs.apply(tp).orElse(null);
            if (partition == null || !partition.topicId().equals(key.topicId())) {
                out.add(new PartitionResult(key, Errors.UNKNOWN_TOPIC_OR_PARTITION, ackError, null, List.of()));
                continue;
            }
            if (recordsLeft == 0 || bytesLeft <= 0) {
                if (ackErrors.containsKey(key)) {
                    out.add(new PartitionResult(key, Errors.NONE, ackError, null, List.of()));
                }
                continue;
            }
            SharePartition sp = sharePartition(g, tp, partition, nowMs);
            if (prepareDelays(g, tp, sp, nowMs)) {
                persist(g, tp, sp, nowMs); // the taken buckets' files go once this is durable
            }
            long highWatermark = partition.highWatermark();
            long from = sp.firstAcquirableOffset(highWatermark, maxInFlight);
            if (from < 0) {
                if (ackErrors.containsKey(key)) {
                    out.add(new PartitionResult(key, Errors.NONE, ackError, null, List.of()));
                }
                continue;
            }
            int partitionMaxBytes = Math.min(SHARE_READ_BYTES, limits.partitionMaxBytes() <= 0 ? bytesLeft
                    : Math.min(bytesLeft, limits.partitionMaxBytes()));
            LogSlice slice = partition.read(from, partitionMaxBytes, true);
            if (slice.isEmpty()) {
                slice.release();
                continue;
            }
            boolean keyShared = shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_KEY_SHARED);
            boolean delays = shard.shareServices.delayRoot() != null && slice.nextOffset() > sp.endOffset();
            RecordFacts facts = keyShared || delays ? RecordFacts.of(slice, delays ? sp.endOffset() : Long.MAX_VALUE,
                    keyShared) : RecordFacts.NONE;
            List<Acquired> acquired = sp.acquire(memberId, from, slice.nextOffset(), highWatermark, recordsLeft,
                    maxInFlight, limit, lockDeadlineMs, facts::deliverAt, nowMs, keyShared ? facts::keyHash : null);
            persist(g, tp, sp, nowMs);
            if (acquired.isEmpty()) {
                slice.release();
                if (ackErrors.containsKey(key)) {
                    out.add(new PartitionResult(key, Errors.NONE, ackError, null, List.of()));
                }
                continue;
            }
            for (Acquired a : acquired) {
                recordsLeft -= (int) (a.lastOffset() - a.firstOffset() + 1);
            }
            bytesLeft -= slice.sizeBytes();
            out.add(new PartitionResult(key, Errors.NONE, ackError, slice, acquired));
        }
        // Acknowledged partitions no longer in the session still get their acknowledgement result.
        unreported.forEach((k, e) -> out.add(new PartitionResult(k, Errors.NONE, e, null, List.of())));
        return out;
    }

    /**
     * What the acquisition needs to know of the records in a log slice: deliver-at times (records at or after
     * {@code delaysFrom} with a delay header) and, in key-shared mode, key hashes.
     */
    private record RecordFacts(Map<Long, Long> deliverAtByOffset, Map<Long, Integer> keyHashByOffset) {
        static final RecordFacts NONE = new RecordFacts(Map.of(), Map.of());

        static RecordFacts of(LogSlice slice, long delaysFrom, boolean keys) {
            Map<Long, Long> at = new HashMap<>();
            Map<Long, Integer> keyHashes = new HashMap<>();
            for (RecordBatch batch : slice.records().batches()) {
                if (batch.isControlBatch() || (!keys && batch.lastOffset() < delaysFrom)) {
                    continue;
                }
                for (Record r : batch) {
                    if (r.offset() >= delaysFrom) {
                        long t = ShareGroupOps.deliverAt(r);
                        if (t != 0) {
                            at.put(r.offset(), t);
                        }
                    }
                    if (keys && r.hasKey()) {
                        keyHashes.put(r.offset(), r.key().hashCode());
                    }
                }
            }
            return new RecordFacts(at, keyHashes);
        }

        long deliverAt(long offset) {
            return deliverAtByOffset.getOrDefault(offset, 0L);
        }

        Integer keyHash(long offset) {
            return keyHashByOffset.get(offset);
        }
    }

    /** The record's deliver-at time from its headers, 0 when it has none (or an unparsable one: no delay). */
    static long deliverAt(Record r) {
        for (Header h : r.headers()) {
            boolean absolute = HEADER_DELIVER_AT.equals(h.key());
            if ((absolute || HEADER_DELIVER_AFTER_MS.equals(h.key())) && h.value() != null) {
                try {
                    long v = Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII).trim());
                    return absolute ? v : r.timestamp() + v;
                } catch (NumberFormatException e) {
                    return 0; // documented: a malformed delivery time does not delay the record
                }
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- delayed delivery

    private ShareDelayIndex delayIndex(ShareGroup g, TopicPartition tp, SharePartition sp) {
        ShareDelayIndex index = g.delayIndexes.get(tp);
        if (index == null) {
            index = new ShareDelayIndex(shard.shareServices.delayRoot(), g.groupId(), tp,
                    shard.shareConfig.delayBucketMs());
            index.dropTaken(sp.delayTakenThroughMs());
            g.delayIndexes.put(tp, index);
        }
        return index;
    }

    /** Takes due buckets from the delay index and makes due delayed records available; true if anything moved. */
    private boolean prepareDelays(ShareGroup g, TopicPartition tp, SharePartition sp, long nowMs) {
        if (shard.shareServices.delayRoot() == null) {
            return false;
        }
        boolean changed = false;
        ShareDelayIndex index = delayIndex(g, tp, sp);
        if (index.nextBucketStartMs() <= nowMs) {
            long[] taken = {sp.delayTakenThroughMs()};
            sp.addDue(index.takeDue(nowMs, taken), taken[0]);
            long through = taken[0];
            shard.afterDurable(() -> index.deleteThrough(through));
            changed = true;
        }
        return sp.makeDue(nowMs) || changed;
    }

    /** Moves delayed records SPSO passed into the delay index (fsynced), or straight to due if their bucket was taken. */
    private void spill(ShareGroup g, TopicPartition tp, SharePartition sp) {
        TreeMap<Long, Long> spilled = sp.takeSpilled();
        if (spilled.isEmpty()) {
            return;
        }
        ShareDelayIndex index = delayIndex(g, tp, sp);
        Map<Long, Long> direct = new TreeMap<>();
        Map<Long, Long> toIndex = new TreeMap<>();
        spilled.forEach((o, at) -> (index.bucketStart(at) <= sp.delayTakenThroughMs() ? direct : toIndex).put(o, at));
        if (!direct.isEmpty()) {
            sp.addDue(direct, sp.delayTakenThroughMs());
        }
        if (!toIndex.isEmpty()) {
            index.add(toIndex);
        }
    }

    private void onDelayTimer(String groupId, TopicPartition tp, long nowMs) {
        if (!(shard.groups.get(groupId) instanceof ShareGroup g) || !g.partitions.containsKey(tp)) {
            return;
        }
        SharePartition sp = g.partitions.get(tp);
        if (prepareDelays(g, tp, sp, nowMs)) {
            shard.shareServices.onAvailable().accept(groupId, tp);
        }
        persist(g, tp, sp, nowMs);
    }

    /** Re-arms the delay timers of the loaded share groups (their records come back when due). */
    void onLoaded(long nowMs) {
        for (Group group : shard.groups.values()) {
            if (group instanceof ShareGroup g) {
                for (Map.Entry<TopicPartition, SharePartition> e : g.partitions.entrySet()) {
                    armDelayTimer(g, e.getKey(), e.getValue());
                }
            }
        }
    }

    private void armDelayTimer(ShareGroup g, TopicPartition tp, SharePartition sp) {
        if (shard.shareServices.delayRoot() == null) {
            return;
        }
        long next = Math.min(sp.nextDeliverAtMs(), delayIndex(g, tp, sp).nextBucketStartMs());
        String key = delayKey(g.groupId(), tp);
        if (next == Long.MAX_VALUE) {
            shard.timers.cancel(key);
        } else if (shard.timers.deadlineOf(key) != next) {
            String groupId = g.groupId();
            shard.timers.schedule(key, next, now -> onDelayTimer(groupId, tp, now));
        }
    }

    private void forgetDelays(ShareGroup g, TopicPartition tp) {
        shard.timers.cancel(delayKey(g.groupId(), tp));
        ShareDelayIndex index = g.delayIndexes.remove(tp);
        if (index != null) {
            index.deleteAll();
        } else if (shard.shareServices.delayRoot() != null) {
            new ShareDelayIndex(shard.shareServices.delayRoot(), g.groupId(), tp, shard.shareConfig.delayBucketMs())
                    .deleteAll();
        }
    }

    /** The group's state of {@code tp}, created at the log end (latest) or start (earliest) on first use. */
    private SharePartition sharePartition(ShareGroup g, TopicPartition tp, Partition partition, long nowMs) {
        SharePartition sp = g.partitions.get(tp);
        if (sp != null && !sp.topicId().equals(partition.topicId())) {
            sp = null; // the topic was deleted and recreated: the old state describes other records
        }
        if (sp == null) {
            long start = startsAtEarliest(g) ? partition.logStartOffset() : partition.highWatermark();
            sp = new SharePartition(partition.topicId(), start);
            g.partitions.put(tp, sp);
            persist(g, tp, sp, nowMs);
        } else if (sp.skipTo(partition.logStartOffset())) {
            persist(g, tp, sp, nowMs);
        }
        return sp;
    }

    /**
     * Dead-letters what the partition archived since the last call (before its archived state is written, so a
     * crash in between redelivers, and may dead-letter again, rather than lose), writes the partition's state
     * and re-arms its lock timer.
     */
    void persist(ShareGroup g, TopicPartition tp, SharePartition sp, long nowMs) {
        spill(g, tp, sp);
        armDelayTimer(g, tp, sp);
        List<SharePartition.Archived> archived = sp.takeArchived();
        String deadLetterTopic = shard.shareConfig.effective(g.configs, ShareGroupConfig.GROUP_DEAD_LETTER_TOPIC);
        if (!archived.isEmpty() && !deadLetterTopic.isEmpty()) {
            shard.shareServices.deadLetters().write(g.groupId(), deadLetterTopic, shard.shareConfig.effective(
                    g.configs, ShareGroupConfig.GROUP_DEAD_LETTER_COPY_RECORD), tp, archived);
        }
        shard.append(new GroupRecord(Key.sharePartition(g.groupId(), tp.topic(), tp.partition()), sp.toValue()));
        long next = sp.nextLockDeadlineMs();
        String key = lockKey(g.groupId(), tp);
        if (next == Long.MAX_VALUE) {
            shard.timers.cancel(key);
        } else if (shard.timers.deadlineOf(key) != next) {
            String groupId = g.groupId();
            shard.timers.schedule(key, next, now -> onLockTimeout(groupId, tp, now));
        }
    }

    private void onLockTimeout(String groupId, TopicPartition tp, long nowMs) {
        if (!(shard.groups.get(groupId) instanceof ShareGroup g)) {
            return;
        }
        SharePartition sp = g.partitions.get(tp);
        if (sp == null) {
            return;
        }
        if (sp.expireLocks(nowMs, deliveryLimit(g))) {
            shard.shareServices.onAvailable().accept(groupId, tp);
        }
        persist(g, tp, sp, nowMs);
    }

    // ---------------------------------------------------------------- admin: share-group offsets

    /** SPSO (and lag) of one partition; {@code startOffset} -1 when the group has no state for it. */
    public record PartitionOffsets(String topic, int partition, Uuid topicId, long startOffset, long lag,
                                   Errors error) {
    }

    /**
     * The start offsets of {@code topics} (topic -> partitions; null = every partition the group has state for).
     */
    public List<PartitionOffsets> describeOffsets(String groupId, Map<String, List<Integer>> topics,
                                                  Function<TopicPartition, Optional<Partition>> logs) {
        Group found = shard.groups.get(groupId);
        List<PartitionOffsets> out = new ArrayList<>();
        if (!(found instanceof ShareGroup g)) {
            if (found != null) {
                throw new GroupException(Errors.GROUP_ID_NOT_FOUND, "group " + groupId + " is not a share group");
            }
            if (topics != null) {
                topics.forEach((t, ps) -> ps.forEach(p -> out.add(new PartitionOffsets(t, p,
                        shard.topics.get().topicId(t), -1, -1, Errors.NONE))));
            }
            return out;
        }
        Map<String, List<Integer>> wanted = topics;
        if (wanted == null) {
            wanted = new TreeMap<>();
            for (TopicPartition tp : g.partitions.keySet()) {
                wanted.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
            }
        }
        for (Map.Entry<String, List<Integer>> e : wanted.entrySet()) {
            Uuid id = shard.topics.get().topicId(e.getKey());
            for (int p : e.getValue()) {
                TopicPartition tp = new TopicPartition(e.getKey(), p);
                SharePartition sp = g.partitions.get(tp);
                if (id == null) {
                    out.add(new PartitionOffsets(e.getKey(), p, Uuid.ZERO_UUID, -1, -1,
                            Errors.UNKNOWN_TOPIC_OR_PARTITION));
                } else if (sp == null) {
                    out.add(new PartitionOffsets(e.getKey(), p, id, -1, -1, Errors.NONE));
                } else {
                    long hw = logs.apply(tp).map(Partition::highWatermark).orElse(sp.endOffset());
                    long lag = Math.max(0, hw - sp.startOffset() - sp.settledInFlight());
                    out.add(new PartitionOffsets(e.getKey(), p, id, sp.startOffset(), lag, Errors.NONE));
                }
            }
        }
        return out;
    }

    /** Moves SPSO of each partition (the group must be empty). */
    public Map<TopicPartition, Errors> alterOffsets(String groupId, Map<TopicPartition, Long> offsets,
                                                    Function<TopicPartition, Optional<Partition>> logs, long nowMs) {
        ShareGroup g = groupFor(groupId, true);
        if (!g.isEmpty()) {
            throw new GroupException(Errors.NON_EMPTY_GROUP, "share group " + groupId + " has members");
        }
        Map<TopicPartition, Errors> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = logs.apply(tp).orElse(null);
            if (partition == null) {
                out.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            long offset = Math.max(partition.logStartOffset(), Math.min(e.getValue(), partition.highWatermark()));
            SharePartition sp = g.partitions.computeIfAbsent(tp, t -> new SharePartition(partition.topicId(),
                    offset));
            sp.resetTo(partition.topicId(), offset);
            forgetDelays(g, tp);
            persist(g, tp, sp, nowMs);
            out.put(tp, Errors.NONE);
        }
        return out;
    }

    /** Forgets the group's state of every partition of {@code topics} (the group must be empty). */
    public Map<String, Errors> deleteOffsets(String groupId, List<String> topics) {
        ShareGroup g = groupFor(groupId, false);
        if (!g.isEmpty()) {
            throw new GroupException(Errors.NON_EMPTY_GROUP, "share group " + groupId + " has members");
        }
        Map<String, Errors> out = new HashMap<>();
        for (String topic : topics) {
            out.put(topic, Errors.NONE);
            for (TopicPartition tp : List.copyOf(g.partitions.keySet())) {
                if (tp.topic().equals(topic)) {
                    tombstone(g, tp);
                }
            }
        }
        return out;
    }

    private void tombstone(ShareGroup g, TopicPartition tp) {
        shard.timers.cancel(lockKey(g.groupId(), tp));
        forgetDelays(g, tp);
        shard.append(new GroupRecord(Key.sharePartition(g.groupId(), tp.topic(), tp.partition()), null));
    }

    // ---------------------------------------------------------------- group configs

    /** The group's config overrides (empty for an unknown group). */
    public Map<String, String> configs(String groupId) {
        return shard.groups.get(groupId) instanceof ShareGroup g ? g.configs : Map.of();
    }

    /** Replaces the group's config overrides (validated by the caller); creates the share group if needed. */
    public void setConfigs(String groupId, Map<String, String> configs) {
        Group existing = shard.groups.get(groupId);
        if (existing != null && !(existing instanceof ShareGroup)) {
            throw new GroupException(Errors.INVALID_REQUEST, "group " + groupId + " is a " + existing.type()
                    + " group; only share groups take group configs here");
        }
        ShareGroup g = groupFor(groupId, true);
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_GROUP_CONFIG, g.groupId()),
                new ShareGroupConfigValue(configs)));
    }

    // ---------------------------------------------------------------- lifecycle

    /** Tombstones for every record of an empty share group. */
    void deleteGroupRecords(ShareGroup g) {
        for (TopicPartition tp : List.copyOf(g.partitions.keySet())) {
            tombstone(g, tp);
        }
        if (!g.configs.isEmpty()) {
            shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_GROUP_CONFIG, g.groupId()), null));
        }
        shard.append(new GroupRecord(Key.group(GroupRecordFormat.TYPE_SHARE_GROUP, g.groupId()), null));
    }

    /** Replays a share record (types 7-9). */
    void replay(GroupRecord record) {
        Key key = record.key();
        String groupId = key.groupId();
        Group existing = shard.groups.get(groupId);
        if (existing != null && !(existing instanceof ShareGroup)) {
            if (record.isTombstone()) {
                return;
            }
            throw new IllegalStateException("share record for " + groupId + " which is a " + existing.type()
                    + " group");
        }
        ShareGroup g = (ShareGroup) existing;
        switch (key.type()) {
            case GroupRecordFormat.TYPE_SHARE_GROUP -> {
                if (record.isTombstone()) {
                    shard.groups.remove(groupId);
                } else {
                    if (g == null) {
                        g = new ShareGroup(groupId);
                        shard.groups.put(groupId, g);
                    }
                    g.groupEpoch = ((ShareGroupValue) record.value()).epoch();
                }
            }
            case GroupRecordFormat.TYPE_SHARE_PARTITION -> {
                TopicPartition tp = new TopicPartition(key.sub(), key.partition());
                if (record.isTombstone()) {
                    if (g != null) {
                        g.partitions.remove(tp);
                    }
                    return;
                }
                if (g == null) {
                    g = new ShareGroup(groupId);
                    shard.groups.put(groupId, g);
                }
                // While serving, the live object is the source of the record (it holds the acquisitions the
                // record leaves out); only loading rebuilds from records.
                if (shard.isLoading() || !g.partitions.containsKey(tp)) {
                    g.partitions.put(tp, SharePartition.fromValue((GroupRecord.SharePartitionValue) record.value()));
                }
            }
            case GroupRecordFormat.TYPE_GROUP_CONFIG -> {
                if (g == null) {
                    if (record.isTombstone()) {
                        return;
                    }
                    g = new ShareGroup(groupId);
                    shard.groups.put(groupId, g);
                }
                g.configs = record.isTombstone() ? Map.of() : ((ShareGroupConfigValue) record.value()).configs();
            }
            default -> throw new IllegalArgumentException("not a share record type " + key.type());
        }
    }
}
