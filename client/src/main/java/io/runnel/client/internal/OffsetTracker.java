package io.runnel.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which delivered offsets of each owned partition are still unacknowledged, and so how far the group's committed
 * offset may move: to the lowest unacknowledged offset, or past the last delivered record when all are
 * acknowledged. A committed offset therefore never passes a message the application has not acknowledged, which is
 * what makes individual acknowledgement and negative acknowledgement safe over a Kafka consumer group.
 *
 * <p>Owned by the consumer's poll thread (not thread-safe).
 *
 * @param <M> what is remembered per unacknowledged offset (the message, for redelivery)
 */
public final class OffsetTracker<M> {
    private final Map<TopicPartition, PartitionState<M>> partitions = new HashMap<>();

    private static final class PartitionState<M> {
        final NavigableMap<Long, M> unacked = new TreeMap<>();
        long nextOffset = -1; // after the last delivered record; -1 = nothing delivered yet
        long committedOffset = -1;
    }

    /** Starts tracking a newly owned partition. */
    public void assign(TopicPartition tp) {
        partitions.putIfAbsent(tp, new PartitionState<>());
    }

    /** Forgets a partition this consumer no longer owns (its unacknowledged messages belong to the new owner). */
    public void revoke(TopicPartition tp) {
        partitions.remove(tp);
    }

    public boolean owns(TopicPartition tp) {
        return partitions.containsKey(tp);
    }

    /** Records a delivered record; false (and nothing recorded) when the partition is not owned. */
    public boolean delivered(TopicPartition tp, long offset, M message) {
        PartitionState<M> s = partitions.get(tp);
        if (s == null) {
            return false;
        }
        s.unacked.put(offset, message);
        s.nextOffset = Math.max(s.nextOffset, offset + 1);
        return true;
    }

    /** The unacknowledged message at {@code offset}, or null. */
    public M unacked(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        return s == null ? null : s.unacked.get(offset);
    }

    /** Acknowledges one offset; returns the message it held, or null if it was not unacknowledged here. */
    public M acknowledge(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        return s == null ? null : s.unacked.remove(offset);
    }

    /** Acknowledges every offset up to and including {@code offset}; returns how many were unacknowledged. */
    public int acknowledgeCumulative(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        if (s == null) {
            return 0;
        }
        NavigableMap<Long, M> upTo = s.unacked.headMap(offset, true);
        int n = upTo.size();
        upTo.clear();
        return n;
    }

    /** Every unacknowledged message, for ack-timeout scans. */
    public Iterable<M> allUnacked() {
        java.util.List<M> all = new java.util.ArrayList<>();
        for (PartitionState<M> s : partitions.values()) {
            all.addAll(s.unacked.values());
        }
        return all;
    }

    /** The offset the group may commit for {@code tp}, or -1 when nothing was delivered from it. */
    public long committableOffset(TopicPartition tp) {
        PartitionState<M> s = partitions.get(tp);
        if (s == null || s.nextOffset < 0) {
            return -1;
        }
        return s.unacked.isEmpty() ? s.nextOffset : s.unacked.firstKey();
    }

    /** Partitions whose committable offset moved past the last commit, with that offset. */
    public Map<TopicPartition, Long> commitsDue() {
        Map<TopicPartition, Long> due = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionState<M>> e : partitions.entrySet()) {
            long offset = committableOffset(e.getKey());
            if (offset > e.getValue().committedOffset) {
                due.put(e.getKey(), offset);
            }
        }
        return due;
    }

    /** A commit of {@code tp} failed: the next {@link #commitsDue()} offers it again. */
    public void commitFailed(TopicPartition tp) {
        PartitionState<M> s = partitions.get(tp);
        if (s != null) {
            s.committedOffset = -1;
        }
    }

    /** Records that {@code offset} was committed for {@code tp}. */
    public void committed(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        if (s != null) {
            s.committedOffset = Math.max(s.committedOffset, offset);
        }
    }
}
