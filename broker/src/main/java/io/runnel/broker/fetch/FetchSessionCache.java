package io.runnel.broker.fetch;

import io.runnel.common.Time;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.FetchSessionIdNotFoundException;
import org.apache.kafka.common.errors.InvalidFetchSessionEpochException;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * The broker's fetch sessions (KIP-227), bounded by {@code max.incremental.fetch.session.cache.slots}; when full,
 * the least recently used session is evicted (its client gets FETCH_SESSION_ID_NOT_FOUND on its next incremental
 * request and falls back to a full fetch, so eviction costs one round trip, never data).
 *
 * <p>How a request's {@link FetchMetadata} is read:
 * <ul>
 *   <li>session 0, epoch 0: full fetch, create a session (if slots allow; otherwise answer session id 0);</li>
 *   <li>session 0, epoch -1: full fetch without a session (librdkafka, old clients);</li>
 *   <li>session S, epoch 0: close S, full fetch, create a new session;</li>
 *   <li>session S, epoch -1: close S, full fetch without a session;</li>
 *   <li>session S, epoch e &gt; 0: incremental fetch on S; unknown S -> FETCH_SESSION_ID_NOT_FOUND, e not the
 *       expected epoch -> INVALID_FETCH_SESSION_EPOCH.</li>
 * </ul>
 *
 * <p>Thread-safe: the session map is guarded by this cache's monitor, each session by its own.
 */
public final class FetchSessionCache {
    private final int maxSessions;
    private final Time time;
    private final LinkedHashMap<Integer, FetchSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final SplittableRandom random = new SplittableRandom();
    private long evictions;

    public FetchSessionCache(int maxSessions, Time time) {
        this.maxSessions = maxSessions;
        this.time = time;
    }

    /**
     * Resolves the session part of a fetch request. {@code requested} and {@code forgotten} come from
     * {@link FetchRequest#fetchData} and {@link FetchRequest#forgottenTopics} (names resolved from topic ids).
     *
     * @throws FetchSessionIdNotFoundException  incremental request for a session this broker does not have
     * @throws InvalidFetchSessionEpochException incremental request with the wrong epoch
     */
    public FetchContext newContext(FetchMetadata metadata, Map<TopicIdPartition, FetchRequest.PartitionData> requested,
                                   List<TopicIdPartition> forgotten) {
        if (metadata.isFull()) {
            if (metadata.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                remove(metadata.sessionId());
            }
            boolean wantsSession = metadata.epoch() == FetchMetadata.INITIAL_EPOCH;
            return new FetchContext.Full(this, requested, wantsSession);
        }
        FetchSession session;
        synchronized (this) {
            session = sessions.get(metadata.sessionId());
        }
        if (session == null) {
            throw new FetchSessionIdNotFoundException("Fetch session " + metadata.sessionId() + " not found");
        }
        synchronized (session) {
            if (session.expectedEpoch() != metadata.epoch()) {
                throw new InvalidFetchSessionEpochException("Fetch session " + session.id() + " expected epoch "
                        + session.expectedEpoch() + ", got " + metadata.epoch());
            }
            LinkedHashMap<TopicIdPartition, FetchSession.CachedPartition> parts = session.partitions();
            for (TopicIdPartition tp : forgotten) {
                parts.remove(tp);
            }
            for (Map.Entry<TopicIdPartition, FetchRequest.PartitionData> e : requested.entrySet()) {
                FetchSession.CachedPartition cached = parts.get(e.getKey());
                if (cached == null) {
                    parts.put(e.getKey(), new FetchSession.CachedPartition(e.getKey(), e.getValue()));
                } else {
                    cached.update(e.getValue());
                }
            }
            session.advanceEpoch(time.nowMs());
        }
        return new FetchContext.Incremental(session);
    }

    /** Creates a session over {@code partitions}; null when sessions are disabled (0 slots). */
    synchronized FetchSession create(Map<TopicIdPartition, FetchRequest.PartitionData> partitions) {
        if (maxSessions <= 0) {
            return null;
        }
        while (sessions.size() >= maxSessions) {
            Iterator<FetchSession> lru = sessions.values().iterator();
            lru.next();
            lru.remove();
            evictions++;
        }
        int id;
        do {
            id = random.nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        FetchSession session = new FetchSession(id, time.nowMs());
        synchronized (session) {
            for (Map.Entry<TopicIdPartition, FetchRequest.PartitionData> e : partitions.entrySet()) {
                session.partitions().put(e.getKey(), new FetchSession.CachedPartition(e.getKey(), e.getValue()));
            }
        }
        sessions.put(id, session);
        return session;
    }

    public synchronized void remove(int sessionId) {
        sessions.remove(sessionId);
    }

    public synchronized int size() {
        return sessions.size();
    }

    public synchronized long evictions() {
        return evictions;
    }
}
