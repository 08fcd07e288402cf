package io.runnel.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Individual acknowledgements over a consumer group's single committed offset per partition.
 *
 * <p>The committed offset of a partition is its lowest unacknowledged offset, so it never passes a message the
 * application has not acknowledged. Messages acknowledged above it ("ack holes", as Pulsar calls them) go into
 * the commit's metadata string, so a consumer that takes the partition over skips them instead of delivering
 * them again. Metadata format ({@value #METADATA_PREFIX} then two fields, offsets relative to the committed
 * offset C):
 * <pre>
 *   runnel.acks.v1:&lt;F - C&gt;:&lt;u1 - C&gt;,&lt;u2 - C&gt;,...
 * </pre>
 * meaning: below offset F, only C and u1, u2, ... are unacknowledged; everything from F on is. A list longer
 * than {@link #METADATA_CHARS_MAX} is cut, lowering F to the first offset left out (those acknowledged messages
 * are then delivered again: at least once, never lost). Metadata that does not parse is ignored the same way.
 *
 * <p>Owned by the consumer's poll thread (not thread-safe).
 *
 * @param <M> what is remembered per unacknowledged in-flight offset (the message, for redelivery)
 */
public final class OffsetTracker<M> {
    static final String METADATA_PREFIX = "runnel.acks.v1:";
    /** Below the broker's default offset.metadata.max.bytes (4096). */
    static final int METADATA_CHARS_MAX = 3000;

    /** What to commit for one partition. */
    public record Committable(long offset, String metadata) {
    }

    private final Map<TopicPartition, PartitionState<M>> partitions = new HashMap<>();

    private static final class PartitionState<M> {
        final NavigableMap<Long, M> unacked = new TreeMap<>();
        /** Unacknowledged offsets known from the committed metadata, not delivered again yet. */
        final TreeSet<Long> restoredUnacked = new TreeSet<>();
        long restoredLimit = -1; // F of the committed metadata; -1 = none
        long nextOffset = -1; // after the last delivered or skipped record; -1 = none yet
        Committable lastCommitted;
    }

    /** Starts tracking a newly owned partition that has no committed state (or whose state is not ours). */
    public void assign(TopicPartition tp) {
        assign(tp, -1, null);
    }

    /**
     * Starts tracking a newly owned partition whose committed offset and metadata are given ({@code offset} -1:
     * none); acknowledgements recorded in the metadata are honoured.
     */
    public void assign(TopicPartition tp, long committedOffset, String metadata) {
        PartitionState<M> s = new PartitionState<>();
        if (committedOffset >= 0) {
            restore(s, committedOffset, metadata);
            s.lastCommitted = new Committable(committedOffset, metadata == null ? "" : metadata);
        }
        partitions.put(tp, s);
    }

    private static void restore(PartitionState<?> s, long c, String metadata) {
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return;
        }
        String[] fields = metadata.substring(METADATA_PREFIX.length()).split(":", -1);
        if (fields.length != 2) {
            return;
        }
        try {
            long limit = c + Long.parseLong(fields[0]);
            TreeSet<Long> unacked = new TreeSet<>();
            unacked.add(c);
            if (!fields[1].isEmpty()) {
                for (String u : fields[1].split(",")) {
                    unacked.add(c + Long.parseLong(u));
                }
            }
            if (limit <= c || unacked.last() >= limit) {
                return;
            }
            s.restoredLimit = limit;
            s.restoredUnacked.addAll(unacked);
        } catch (NumberFormatException e) {
            // not our format after all: deliver everything from the committed offset
        }
    }

    /** Forgets a partition this consumer no longer owns (its unacknowledged messages belong to the new owner). */
    public void revoke(TopicPartition tp) {
        partitions.remove(tp);
    }

    public boolean owns(TopicPartition tp) {
        return partitions.containsKey(tp);
    }

    /** True if the record at {@code offset} was acknowledged before this consumer owned the partition. */
    public boolean acknowledgedBefore(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        return s != null && offset < s.restoredLimit && !s.restoredUnacked.contains(offset);
    }

    /** A fetched record that {@link #acknowledgedBefore} says to skip. */
    public void skipped(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        if (s != null) {
            passed(s, offset);
        }
    }

    /** Records a delivered record; false (and nothing recorded) when the partition is not owned. */
    public boolean delivered(TopicPartition tp, long offset, M message) {
        PartitionState<M> s = partitions.get(tp);
        if (s == null) {
            return false;
        }
        s.unacked.put(offset, message);
        passed(s, offset);
        return true;
    }

    /** Fetching reached {@code offset}: restored offsets below it that never came (compacted away) are gone. */
    private static void passed(PartitionState<?> s, long offset) {
        s.restoredUnacked.headSet(offset, true).clear();
        s.nextOffset = Math.max(s.nextOffset, offset + 1);
    }

    /** The unacknowledged in-flight message at {@code offset}, or null. */
    public M unacked(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        return s == null ? null : s.unacked.get(offset);
    }

    /** Acknowledges one offset; returns the message it held, or null if it was not unacknowledged here. */
    public M acknowledge(TopicPartition tp, long offset) {
        PartitionState<M> s = partitions.get(tp);
        return s == null ? null : s.unacked.remove(offset);
    }

    /** Acknowledges every in-flight offset up to and including {@code offset}; returns how many there were. */
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

    /** Every unacknowledged in-flight message, for ack-timeout scans. */
    public List<M> allUnacked() {
        List<M> all = new ArrayList<>();
        for (PartitionState<M> s : partitions.values()) {
            all.addAll(s.unacked.values());
        }
        return all;
    }

    /** What the group may commit for {@code tp}, or null when nothing is known yet. */
    public Committable committable(TopicPartition tp) {
        PartitionState<M> s = partitions.get(tp);
        return s == null ? null : committable(s);
    }

    private static Committable committable(PartitionState<?> s) {
        long frontier = Math.max(s.nextOffset, s.restoredLimit);
        if (frontier < 0) {
            return null;
        }
        TreeSet<Long> open = new TreeSet<>(s.unacked.keySet());
        open.addAll(s.restoredUnacked);
        if (open.isEmpty()) {
            return new Committable(frontier, "");
        }
        long c = open.first();
        StringBuilder list = new StringBuilder();
        long limit = frontier;
        for (long u : open.tailSet(c, false)) {
            String item = Long.toString(u - c);
            if (METADATA_PREFIX.length() + 20 + list.length() + item.length() + 1 > METADATA_CHARS_MAX) {
                limit = u; // from here on, everything counts as unacknowledged
                break;
            }
            if (list.length() > 0) {
                list.append(',');
            }
            list.append(item);
        }
        if (limit == c + 1 && list.length() == 0) {
            return new Committable(c, ""); // only C is open below the frontier right after it: no holes to record
        }
        return new Committable(c, METADATA_PREFIX + (limit - c) + ":" + list);
    }

    /** Partitions whose committable offset or acknowledgement holes changed since the last commit. */
    public Map<TopicPartition, Committable> commitsDue() {
        Map<TopicPartition, Committable> due = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionState<M>> e : partitions.entrySet()) {
            Committable c = committable(e.getValue());
            if (c != null && !c.equals(e.getValue().lastCommitted)) {
                due.put(e.getKey(), c);
            }
        }
        return due;
    }

    /** A commit of {@code tp} failed: the next {@link #commitsDue()} offers it again. */
    public void commitFailed(TopicPartition tp) {
        PartitionState<M> s = partitions.get(tp);
        if (s != null) {
            s.lastCommitted = null;
        }
    }

    /** Records that {@code committed} was committed for {@code tp}. */
    public void committed(TopicPartition tp, Committable committed) {
        PartitionState<M> s = partitions.get(tp);
        if (s != null) {
            s.lastCommitted = committed;
        }
    }
}
