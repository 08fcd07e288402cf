package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.SharePartitionValue;
import io.runnel.broker.group.GroupRecord.StateRange;
import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * The delivery state of one topic-partition for one share group (KIP-932): the share-partition start offset
 * (SPSO, {@link #startOffset}), end offset (SPEO, {@link #endOffset}) and, for every offset in between, its
 * state, delivery count and (when acquired) owner and lock deadline.
 *
 * <p>States and transitions:
 * <pre>
 *   AVAILABLE --acquire--> ACQUIRED --accept--> ACKNOWLEDGED
 *                             |  \--reject/gap--> ARCHIVED
 *                             +--release / lock timeout / owner left--> AVAILABLE, or ARCHIVED once the
 *                                                                       delivery count reached the limit
 * </pre>
 * Offsets below SPSO are settled (acknowledged or archived); offsets at or above SPEO were never acquired.
 * SPSO moves up over settled offsets; the span {@code [SPSO, SPEO)} is bounded by the in-flight limit, so memory
 * is too. Invariant (always checked): every offset in {@code [SPSO, SPEO)} has exactly one entry.
 *
 * <p>Persistence: {@link #toValue()} is the whole state (acquired offsets persisted as available with their
 * delivery count, so a crash redelivers them and counts the interrupted delivery). Pure: time is passed in.
 * Owned by the coordinator shard thread.
 */
public final class SharePartition {
    /** Offset states; the codes are persisted. */
    public enum State {
        AVAILABLE((byte) 0), ACQUIRED((byte) 1), ACKNOWLEDGED((byte) 2), ARCHIVED((byte) 4),
        /** Not deliverable before its deliver-at time ({@code runnel.deliver.at} / {@code .after.ms} header). */
        DELAYED((byte) 5);

        final byte code;

        State(byte code) {
            this.code = code;
        }

        static State of(byte code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown share record state " + code);
        }

        boolean isSettled() {
            return this == ACKNOWLEDGED || this == ARCHIVED;
        }

        /** SPSO may move over it: settled, or delayed (then it leaves the window for the delay index). */
        boolean isPassable() {
            return isSettled() || this == DELAYED;
        }
    }

    /** Acknowledge types as the protocol numbers them (0 = gap, KIP-932; 4 = renew, KIP-1222). */
    public static final byte ACK_GAP = 0;
    public static final byte ACK_ACCEPT = 1;
    public static final byte ACK_RELEASE = 2;
    public static final byte ACK_REJECT = 3;
    public static final byte ACK_RENEW = 4;

    /** One offset in flight. */
    static final class Entry {
        State state;
        int deliveryCount;
        String memberId;
        long lockDeadlineMs;
        long deliverAtMs;
        /** Key hash (key-shared mode), null when unknown or the record has no key; not persisted. */
        Integer keyHash;

        Entry(State state, int deliveryCount) {
            this.state = state;
            this.deliveryCount = deliveryCount;
        }

        Entry(State state, int deliveryCount, long deliverAtMs) {
            this(state, deliveryCount);
            this.deliverAtMs = deliverAtMs;
        }
    }

    /** A contiguous run of acquired offsets with the same delivery count. */
    public record Acquired(long firstOffset, long lastOffset, int deliveryCount) {
    }

    /** Why a record was archived, in the words Kafka's dead-letter headers use (KIP-1191). */
    public static final String REASON_REJECTED = "Offset rejected by client.";
    public static final String REASON_DELIVERY_LIMIT = "Offset delivery count exceeded the threshold.";

    /** A record moved to archived by a reject or the delivery limit (what dead-lettering writes). */
    public record Archived(long offset, int deliveryCount, String reason) {
    }

    private Uuid topicId;
    private long startOffset;
    private long endOffset;
    private int stateEpoch;
    private final TreeMap<Long, Entry> inFlight = new TreeMap<>();
    /** Delayed records below SPSO taken back from the delay index (or never spilled to it): offset -> state. */
    private final TreeMap<Long, Entry> due = new TreeMap<>();
    /** Delayed records SPSO passed since the last {@link #takeSpilled}: offset -> deliver-at, for the index. */
    private final TreeMap<Long, Long> spilled = new TreeMap<>();
    /** Start of the last delay-index bucket taken into {@link #due}; later buckets are still on disk. */
    private long delayTakenThroughMs = Long.MIN_VALUE;
    private final List<Archived> archivedSinceTaken = new ArrayList<>();

    public SharePartition(Uuid topicId, long startOffset) {
        this.topicId = topicId;
        this.startOffset = startOffset;
        this.endOffset = startOffset;
    }

    public Uuid topicId() {
        return topicId;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return endOffset;
    }

    public int stateEpoch() {
        return stateEpoch;
    }

    /** Offsets in {@code [SPSO, SPEO)}: the in-flight window. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** Settled (acknowledged or archived) offsets above SPSO: not part of the lag. */
    public int settledInFlight() {
        int n = 0;
        for (Entry e : inFlight.values()) {
            if (e.state.isSettled()) {
                n++;
            }
        }
        return n;
    }

    /** The state of {@code offset}: settled below SPSO, AVAILABLE (never delivered) at or above SPEO. */
    public State stateOf(long offset) {
        Entry e = entry(offset);
        if (e != null) {
            return e.state;
        }
        return offset < startOffset ? State.ACKNOWLEDGED : State.AVAILABLE;
    }

    public int deliveryCountOf(long offset) {
        Entry e = entry(offset);
        return e == null ? 0 : e.deliveryCount;
    }

    public String ownerOf(long offset) {
        Entry e = entry(offset);
        return e == null || e.state != State.ACQUIRED ? null : e.memberId;
    }

    /** The entry of {@code offset}: in the window, or a due delayed record below SPSO; null otherwise. */
    private Entry entry(long offset) {
        return offset < startOffset ? due.get(offset) : inFlight.get(offset);
    }

    /** Due delayed records below SPSO still in flight (taken from the delay index). */
    public int dueCount() {
        return due.size();
    }

    public long delayTakenThroughMs() {
        return delayTakenThroughMs;
    }

    /** Delayed records the window passed since the last call (offset -> deliver-at); clears them. */
    public TreeMap<Long, Long> takeSpilled() {
        TreeMap<Long, Long> out = new TreeMap<>(spilled);
        spilled.clear();
        return out;
    }

    /**
     * Takes delayed records back below SPSO (from the delay index, or spilled into a bucket already taken): they
     * stay delayed until {@link #makeDue}. Offsets at or above SPSO, or already known, are ignored (the window
     * holds them).
     */
    public void addDue(Map<Long, Long> deliverAtByOffset, long takenThroughMs) {
        deliverAtByOffset.forEach((offset, at) -> {
            if (offset < startOffset && !due.containsKey(offset)) {
                due.put(offset, new Entry(State.DELAYED, 0, at));
            }
        });
        delayTakenThroughMs = Math.max(delayTakenThroughMs, takenThroughMs);
    }

    /** Delayed records whose time came become available; true if any did. */
    public boolean makeDue(long nowMs) {
        boolean changed = false;
        for (Entry e : inFlight.values()) {
            if (e.state == State.DELAYED && e.deliverAtMs <= nowMs) {
                e.state = State.AVAILABLE;
                changed = true;
            }
        }
        for (Entry e : due.values()) {
            if (e.state == State.DELAYED && e.deliverAtMs <= nowMs) {
                e.state = State.AVAILABLE;
                changed = true;
            }
        }
        return changed;
    }

    /** The earliest deliver-at of a delayed record held here (not in the index), or {@code Long.MAX_VALUE}. */
    public long nextDeliverAtMs() {
        long next = Long.MAX_VALUE;
        for (Entry e : inFlight.values()) {
            if (e.state == State.DELAYED) {
                next = Math.min(next, e.deliverAtMs);
            }
        }
        for (Entry e : due.values()) {
            if (e.state == State.DELAYED) {
                next = Math.min(next, e.deliverAtMs);
            }
        }
        return next;
    }

    /**
     * The first offset an acquire could hand out: the lowest available in-flight offset, else SPEO if the log has
     * records there and the in-flight window has room; -1 when nothing is acquirable.
     */
    public long firstAcquirableOffset(long highWatermark, int maxInFlight) {
        for (Map.Entry<Long, Entry> e : due.entrySet()) {
            if (e.getValue().state == State.AVAILABLE) {
                return e.getKey();
            }
        }
        for (Map.Entry<Long, Entry> e : inFlight.entrySet()) {
            if (e.getValue().state == State.AVAILABLE) {
                return e.getKey();
            }
        }
        if (endOffset < highWatermark && inFlight.size() < maxInFlight) {
            return endOffset;
        }
        return -1;
    }

    /**
     * Acquires for {@code memberId} up to {@code maxRecords} offsets in {@code [fromOffset, readEndOffset)}:
     * available in-flight offsets first, then new offsets from SPEO (below the high watermark, within the in-flight
     * limit). {@code readEndOffset} is where the log data sent with the acquisition ends, so that no offset is
     * acquired whose record the member does not receive.
     */
    public List<Acquired> acquire(String memberId, long fromOffset, long readEndOffset, long highWatermark,
                                  int maxRecords, int maxInFlight, int deliveryLimit, long lockDeadlineMs) {
        return acquire(memberId, fromOffset, readEndOffset, highWatermark, maxRecords, maxInFlight, deliveryLimit,
                lockDeadlineMs, o -> 0, Long.MIN_VALUE);
    }

    /**
     * Like {@link #acquire(String, long, long, long, int, int, int, long)}, also for due delayed records below
     * SPSO; a new offset whose {@code deliverAtOf} is after {@code nowMs} becomes DELAYED instead of acquired.
     */
    public List<Acquired> acquire(String memberId, long fromOffset, long readEndOffset, long highWatermark,
                                  int maxRecords, int maxInFlight, int deliveryLimit, long lockDeadlineMs,
                                  java.util.function.LongUnaryOperator deliverAtOf, long nowMs) {
        return acquire(memberId, fromOffset, readEndOffset, highWatermark, maxRecords, maxInFlight, deliveryLimit,
                lockDeadlineMs, deliverAtOf, nowMs, null);
    }

    /**
     * The full acquisition. With {@code keyOf} (key-shared mode: offset -> key hash, null for a record without
     * key, for every offset in {@code [fromOffset, readEndOffset)}), a record is acquired only if no other member
     * holds a record of its key and no earlier record of its key is still waiting: each key goes to one member at
     * a time, in offset order. Delayed records do not hold their key.
     */
    public List<Acquired> acquire(String memberId, long fromOffset, long readEndOffset, long highWatermark,
                                  int maxRecords, int maxInFlight, int deliveryLimit, long lockDeadlineMs,
                                  java.util.function.LongUnaryOperator deliverAtOf, long nowMs,
                                  java.util.function.LongFunction<Integer> keyOf) {
        List<Acquired> out = new ArrayList<>();
        int[] budget = {maxRecords};
        KeyGate gate = keyOf == null ? null : new KeyGate(memberId, keyOf);
        long dueLimit = Math.max(fromOffset, Math.min(readEndOffset, startOffset));
        for (Map.Entry<Long, Entry> me : due.subMap(fromOffset, true, dueLimit, false).entrySet()) {
            if (budget[0] == 0) {
                break;
            }
            offer(me.getKey(), me.getValue(), memberId, lockDeadlineMs, deliveryLimit, gate, out, budget);
        }
        long windowFrom = Math.max(fromOffset, startOffset);
        long limit = Math.max(windowFrom, Math.min(readEndOffset, endOffset));
        for (Map.Entry<Long, Entry> me : inFlight.subMap(windowFrom, true, limit, false).entrySet()) {
            if (budget[0] == 0) {
                break;
            }
            offer(me.getKey(), me.getValue(), memberId, lockDeadlineMs, deliveryLimit, gate, out, budget);
        }
        long newEnd = Math.min(readEndOffset, highWatermark);
        while (budget[0] > 0 && endOffset < newEnd && inFlight.size() < maxInFlight && endOffset >= fromOffset) {
            long deliverAtMs = deliverAtOf.applyAsLong(endOffset);
            if (deliverAtMs != 0 && deliverAtMs > nowMs) {
                inFlight.put(endOffset, new Entry(State.DELAYED, 0, deliverAtMs));
                endOffset++;
                advanceStart(); // a delayed record at the head leaves the window at once
                continue;
            }
            Entry e = new Entry(State.AVAILABLE, 0);
            inFlight.put(endOffset, e);
            offer(endOffset, e, memberId, lockDeadlineMs, deliveryLimit, gate, out, budget);
            endOffset++;
        }
        advanceStart();
        return out;
    }

    private void offer(long offset, Entry e, String memberId, long lockDeadlineMs, int deliveryLimit, KeyGate gate,
                       List<Acquired> out, int[] budget) {
        if (e.state != State.AVAILABLE) {
            return;
        }
        if (e.deliveryCount >= deliveryLimit) {
            archive(offset, e, REASON_DELIVERY_LIMIT);
            return;
        }
        if (gate != null && !gate.admit(offset, e)) {
            return;
        }
        take(e, memberId, lockDeadlineMs);
        add(out, offset, e.deliveryCount);
        budget[0]--;
    }

    /**
     * Key-shared admission for one acquisition pass: which keys other members hold (from every acquired record),
     * and which keys this pass already had to skip (so later records of the key wait too: order per key).
     */
    private final class KeyGate {
        private final String memberId;
        private final java.util.function.LongFunction<Integer> keyOf;
        private final Map<Integer, String> heldBy = new java.util.HashMap<>();
        private final java.util.Set<Integer> blocked = new java.util.HashSet<>();

        KeyGate(String memberId, java.util.function.LongFunction<Integer> keyOf) {
            this.memberId = memberId;
            this.keyOf = keyOf;
            for (TreeMap<Long, Entry> map : List.of(due, inFlight)) {
                for (Entry e : map.values()) {
                    if (e.state == State.ACQUIRED && e.keyHash != null) {
                        heldBy.put(e.keyHash, e.memberId);
                    }
                }
            }
        }

        boolean admit(long offset, Entry e) {
            Integer key = e.keyHash != null ? e.keyHash : keyOf.apply(offset);
            e.keyHash = key;
            if (key == null) {
                return true;
            }
            String holder = heldBy.get(key);
            if (blocked.contains(key) || (holder != null && !holder.equals(memberId))) {
                blocked.add(key);
                return false;
            }
            heldBy.put(key, memberId);
            return true;
        }
    }

    private static void take(Entry e, String memberId, long lockDeadlineMs) {
        e.state = State.ACQUIRED;
        e.deliveryCount++;
        e.memberId = memberId;
        e.lockDeadlineMs = lockDeadlineMs;
    }

    private static void add(List<Acquired> out, long offset, int deliveryCount) {
        if (!out.isEmpty()) {
            Acquired last = out.get(out.size() - 1);
            if (last.lastOffset() + 1 == offset && last.deliveryCount() == deliveryCount) {
                out.set(out.size() - 1, new Acquired(last.firstOffset(), offset, deliveryCount));
                return;
            }
        }
        out.add(new Acquired(offset, offset, deliveryCount));
    }

    /**
     * Applies one acknowledgement batch of {@code memberId}: {@code types} holds one type for the whole range or
     * one per offset. Every offset must be acquired by the member, else nothing changes and the answer is
     * INVALID_RECORD_STATE. RENEW extends the lock to {@code renewDeadlineMs}.
     */
    public Errors acknowledge(String memberId, long firstOffset, long lastOffset, List<Byte> types,
                              int deliveryLimit, long renewDeadlineMs) {
        if (lastOffset < firstOffset || types.isEmpty()
                || (types.size() != 1 && types.size() != lastOffset - firstOffset + 1)) {
            return Errors.INVALID_REQUEST;
        }
        for (long o = firstOffset; o <= lastOffset; o++) {
            Entry e = entry(o);
            if (e == null || e.state != State.ACQUIRED || !memberId.equals(e.memberId)) {
                return Errors.INVALID_RECORD_STATE;
            }
            byte type = types.size() == 1 ? types.get(0) : types.get((int) (o - firstOffset));
            if (type < ACK_GAP || type > ACK_RENEW) {
                return Errors.INVALID_REQUEST;
            }
        }
        for (long o = firstOffset; o <= lastOffset; o++) {
            Entry e = entry(o);
            byte type = types.size() == 1 ? types.get(0) : types.get((int) (o - firstOffset));
            switch (type) {
                case ACK_ACCEPT -> settle(e, State.ACKNOWLEDGED);
                case ACK_RELEASE -> release(o, e, deliveryLimit);
                case ACK_REJECT -> archive(o, e, REASON_REJECTED);
                case ACK_GAP -> settle(e, State.ARCHIVED);
                case ACK_RENEW -> e.lockDeadlineMs = renewDeadlineMs;
                default -> throw new IllegalStateException("validated above: " + type);
            }
        }
        advanceStart();
        return Errors.NONE;
    }

    /** Returns to available every lock that expired at {@code nowMs}; true if any did. */
    public boolean expireLocks(long nowMs, int deliveryLimit) {
        boolean changed = false;
        for (TreeMap<Long, Entry> map : List.of(due, inFlight)) {
            for (Map.Entry<Long, Entry> me : map.entrySet()) {
                Entry e = me.getValue();
                if (e.state == State.ACQUIRED && e.lockDeadlineMs <= nowMs) {
                    release(me.getKey(), e, deliveryLimit);
                    changed = true;
                }
            }
        }
        advanceStart();
        return changed;
    }

    /** Releases every offset {@code memberId} holds (it left, or closed its share session); true if any. */
    public boolean releaseMember(String memberId, int deliveryLimit) {
        boolean changed = false;
        for (TreeMap<Long, Entry> map : List.of(due, inFlight)) {
            for (Map.Entry<Long, Entry> me : map.entrySet()) {
                Entry e = me.getValue();
                if (e.state == State.ACQUIRED && memberId.equals(e.memberId)) {
                    release(me.getKey(), e, deliveryLimit);
                    changed = true;
                }
            }
        }
        advanceStart();
        return changed;
    }

    /** The earliest lock deadline, or {@code Long.MAX_VALUE} when nothing is acquired. */
    public long nextLockDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (TreeMap<Long, Entry> map : List.of(due, inFlight)) {
            for (Entry e : map.values()) {
                if (e.state == State.ACQUIRED && e.lockDeadlineMs < next) {
                    next = e.lockDeadlineMs;
                }
            }
        }
        return next;
    }

    public boolean hasAcquired() {
        return nextLockDeadlineMs() != Long.MAX_VALUE;
    }

    /** Records deleted by retention can never be delivered: SPSO moves up to the log start offset. */
    public boolean skipTo(long logStartOffset) {
        if (logStartOffset <= startOffset) {
            return false;
        }
        inFlight.headMap(logStartOffset, false).clear();
        due.headMap(logStartOffset, false).clear();
        startOffset = logStartOffset;
        endOffset = Math.max(endOffset, logStartOffset);
        advanceStart();
        return true;
    }

    /** Moves SPSO to {@code offset} (AlterShareGroupOffsets): everything in flight is forgotten. */
    public void resetTo(Uuid newTopicId, long offset) {
        inFlight.clear();
        due.clear();
        spilled.clear();
        topicId = newTopicId;
        startOffset = offset;
        endOffset = offset;
        stateEpoch++;
    }

    /** The offsets archived since the last call, with their reason (the dead-letter hook); clears the list. */
    public List<Archived> takeArchived() {
        List<Archived> out = List.copyOf(archivedSinceTaken);
        archivedSinceTaken.clear();
        return out;
    }

    private void release(long offset, Entry e, int deliveryLimit) {
        if (e.deliveryCount >= deliveryLimit) {
            archive(offset, e, REASON_DELIVERY_LIMIT);
        } else {
            e.state = State.AVAILABLE;
            e.memberId = null;
            e.lockDeadlineMs = 0;
        }
    }

    private void archive(long offset, Entry e, String reason) {
        settle(e, State.ARCHIVED);
        archivedSinceTaken.add(new Archived(offset, e.deliveryCount, reason));
    }

    private static void settle(Entry e, State state) {
        e.state = state;
        e.memberId = null;
        e.lockDeadlineMs = 0;
    }

    private void advanceStart() {
        while (!inFlight.isEmpty()) {
            Map.Entry<Long, Entry> first = inFlight.firstEntry();
            if (!first.getValue().state.isPassable()) {
                break;
            }
            inFlight.pollFirstEntry();
            startOffset = first.getKey() + 1;
            if (first.getValue().state == State.DELAYED) {
                spilled.put(first.getKey(), first.getValue().deliverAtMs);
            }
        }
        due.values().removeIf(e -> e.state.isSettled());
        if (inFlight.isEmpty()) {
            startOffset = endOffset;
        }
        Verify.that(inFlight.size() == endOffset - startOffset, "share partition window [%s, %s) holds %s entries",
                startOffset, endOffset, inFlight.size());
    }

    // ---------------------------------------------------------------- persistence

    /** The whole state as a record value; acquired offsets are persisted as available (redelivered after a crash). */
    public SharePartitionValue toValue() {
        return new SharePartitionValue(topicId, startOffset, endOffset, stateEpoch, ranges(inFlight), ranges(due),
                delayTakenThroughMs);
    }

    private static List<StateRange> ranges(TreeMap<Long, Entry> entries) {
        List<StateRange> ranges = new ArrayList<>();
        for (Map.Entry<Long, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            State persisted = e.state == State.ACQUIRED ? State.AVAILABLE : e.state;
            long o = me.getKey();
            if (!ranges.isEmpty()) {
                StateRange last = ranges.get(ranges.size() - 1);
                if (last.lastOffset() + 1 == o && last.state() == persisted.code
                        && last.deliveryCount() == e.deliveryCount && last.deliverAtMs() == e.deliverAtMs) {
                    ranges.set(ranges.size() - 1, new StateRange(last.firstOffset(), o, persisted.code,
                            e.deliveryCount, e.deliverAtMs));
                    continue;
                }
            }
            ranges.add(new StateRange(o, o, persisted.code, e.deliveryCount, e.deliverAtMs));
        }
        return ranges;
    }

    /** Rebuilds the state a {@link #toValue()} record describes. */
    public static SharePartition fromValue(SharePartitionValue v) {
        SharePartition p = new SharePartition(v.topicId(), v.startOffset());
        p.endOffset = v.endOffset();
        p.stateEpoch = v.stateEpoch();
        for (StateRange r : v.ranges()) {
            for (long o = r.firstOffset(); o <= r.lastOffset(); o++) {
                p.inFlight.put(o, new Entry(State.of(r.state()), r.deliveryCount(), r.deliverAtMs()));
            }
        }
        for (StateRange r : v.due()) {
            for (long o = r.firstOffset(); o <= r.lastOffset(); o++) {
                p.due.put(o, new Entry(State.of(r.state()), r.deliveryCount(), r.deliverAtMs()));
            }
        }
        p.delayTakenThroughMs = v.delayTakenThroughMs();
        Verify.that(p.inFlight.size() == p.endOffset - p.startOffset, "persisted share partition window [%s, %s) "
                + "holds %s entries", p.startOffset, p.endOffset, p.inFlight.size());
        return p;
    }
}
