package io.runnel.broker.group;

import io.runnel.broker.delay.DelayedOperations;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells parked ShareFetches that records of a partition became available to a share group again (released,
 * lock expired, owner left): a version counter per (group, partition) that a waiting fetch compares with the value
 * it parked at, and a re-check of the operations waiting on the partition (the same registry appends wake).
 *
 * <p>Thread-safe: {@link #onAvailable} from coordinator shard threads, {@link #version} from any thread.
 */
public final class ShareAvailability {
    private final DelayedOperations<TopicPartition> waiters;
    private final ConcurrentMap<String, ConcurrentMap<TopicPartition, AtomicLong>> versions =
            new ConcurrentHashMap<>();

    ShareAvailability(DelayedOperations<TopicPartition> waiters) {
        this.waiters = waiters;
    }

    /** Bumps the version and re-checks the operations waiting on the partition. Never blocks. */
    void onAvailable(String groupId, TopicPartition tp) {
        versions.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(tp, t -> new AtomicLong()).incrementAndGet();
        waiters.checkAndComplete(tp);
    }

    public long version(String groupId, TopicPartition tp) {
        ConcurrentMap<TopicPartition, AtomicLong> byPartition = versions.get(groupId);
        AtomicLong v = byPartition == null ? null : byPartition.get(tp);
        return v == null ? 0 : v.get();
    }

    /** The registry parked ShareFetches wait in (keyed by partition, shared with Fetch and appends). */
    public DelayedOperations<TopicPartition> waiters() {
        return waiters;
    }
}
