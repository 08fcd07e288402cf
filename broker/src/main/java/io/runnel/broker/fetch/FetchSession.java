package io.runnel.broker.fetch;

import java.util.LinkedHashMap;
import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * One incremental fetch session (KIP-227): the partitions a client fetches, with the fetch position it last asked
 * for and the partition state last sent to it, so that later requests list only what changed and responses
 * carry only partitions with news.
 *
 * <p>Thread-safe: guarded by its own monitor (one client drives a session, but its requests may land on
 * different I/O threads).
 */
public final class FetchSession {
    private final int id;
    private int expectedEpoch;
    private long lastUsedMs;
    /** Fetch order; partitions that returned data move to the back so that no partition starves. */
    private final LinkedHashMap<TopicIdPartition, CachedPartition> partitions = new LinkedHashMap<>();

    FetchSession(int id, long nowMs) {
        this.id = id;
        this.expectedEpoch = 1;
        this.lastUsedMs = nowMs;
    }

    public int id() {
        return id;
    }

    synchronized int expectedEpoch() {
        return expectedEpoch;
    }

    synchronized void advanceEpoch(long nowMs) {
        expectedEpoch = expectedEpoch == Integer.MAX_VALUE ? 1 : expectedEpoch + 1;
        lastUsedMs = nowMs;
    }

    synchronized long lastUsedMs() {
        return lastUsedMs;
    }

    synchronized int size() {
        return partitions.size();
    }

    /** Live view; callers hold this session's monitor. */
    LinkedHashMap<TopicIdPartition, CachedPartition> partitions() {
        return partitions;
    }

    /** What the session remembers about one partition. Guarded by the session's monitor. */
    public static final class CachedPartition {
        final TopicIdPartition topicIdPartition;
        long fetchOffset;
        long logStartOffset;
        int maxBytes;
        Optional<Integer> currentLeaderEpoch;
        Optional<Integer> lastFetchedEpoch;
        // What the client was last told; -1 until the first response.
        long highWatermark = -1;
        long lastStableOffset = -1;
        long sentLogStartOffset = -1;

        CachedPartition(TopicIdPartition tp, FetchRequest.PartitionData data) {
            this.topicIdPartition = tp;
            update(data);
        }

        void update(FetchRequest.PartitionData data) {
            fetchOffset = data.fetchOffset;
            logStartOffset = data.logStartOffset;
            maxBytes = data.maxBytes;
            currentLeaderEpoch = data.currentLeaderEpoch;
            lastFetchedEpoch = data.lastFetchedEpoch;
        }

        FetchRequest.PartitionData toPartitionData() {
            return new FetchRequest.PartitionData(topicIdPartition.topicId(), fetchOffset, logStartOffset, maxBytes,
                    currentLeaderEpoch, lastFetchedEpoch);
        }
    }
}
