package io.runnel.broker.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * The partitions one fetch request reads, and how its response is shaped by its session: a full fetch answers
 * every partition; an incremental one answers only partitions with records, errors or changed offsets.
 *
 * <p>Thread: used by the one request it was made for.
 */
public abstract sealed class FetchContext {

    /** Partitions to read, in the order they should get response bytes. */
    public abstract LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> partitionsToFetch();

    /**
     * Takes the read results of every partition of {@link #partitionsToFetch()} and returns what goes into the
     * response (updating the session), plus the session id to send.
     */
    public abstract Result finish(LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results);

    /** The response partitions and the session id (0 for none). */
    public record Result(int sessionId, LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> partitions) {
    }

    static boolean hasRecords(FetchResponseData.PartitionData data) {
        return data.records() != null && data.records().sizeInBytes() > 0;
    }

    /** A full fetch, optionally opening a session over the requested partitions. */
    static final class Full extends FetchContext {
        private final FetchSessionCache cache;
        private final LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> requested;
        private final boolean wantsSession;

        Full(FetchSessionCache cache, Map<TopicIdPartition, FetchRequest.PartitionData> requested,
             boolean wantsSession) {
            this.cache = cache;
            this.requested = new LinkedHashMap<>(requested);
            this.wantsSession = wantsSession;
        }

        @Override
        public LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> partitionsToFetch() {
            return requested;
        }

        @Override
        public Result finish(LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results) {
            int sessionId = FetchMetadata.INVALID_SESSION_ID;
            if (wantsSession && !requested.isEmpty()) {
                FetchSession session = cache.create(requested);
                if (session != null) {
                    sessionId = session.id();
                    synchronized (session) {
                        for (Map.Entry<TopicIdPartition, FetchResponseData.PartitionData> e : results.entrySet()) {
                            FetchSession.CachedPartition cached = session.partitions().get(e.getKey());
                            if (cached != null) {
                                remember(cached, e.getValue());
                            }
                        }
                    }
                }
            }
            return new Result(sessionId, results);
        }
    }

    /** An incremental fetch over an existing session. */
    static final class Incremental extends FetchContext {
        private final FetchSession session;

        Incremental(FetchSession session) {
            this.session = session;
        }

        @Override
        public LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> partitionsToFetch() {
            LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> out = new LinkedHashMap<>();
            synchronized (session) {
                for (FetchSession.CachedPartition p : session.partitions().values()) {
                    out.put(p.topicIdPartition, p.toPartitionData());
                }
            }
            return out;
        }

        @Override
        public Result finish(LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results) {
            LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> out = new LinkedHashMap<>();
            List<TopicIdPartition> served = new ArrayList<>();
            synchronized (session) {
                for (Map.Entry<TopicIdPartition, FetchResponseData.PartitionData> e : results.entrySet()) {
                    FetchSession.CachedPartition cached = session.partitions().get(e.getKey());
                    FetchResponseData.PartitionData data = e.getValue();
                    boolean changed = cached == null || remember(cached, data);
                    if (changed || hasRecords(data) || data.errorCode() != Errors.NONE.code()) {
                        out.put(e.getKey(), data);
                        if (hasRecords(data)) {
                            served.add(e.getKey());
                        }
                    }
                }
                // Fairness: partitions that just got bytes go to the back of the order.
                for (TopicIdPartition tp : served) {
                    FetchSession.CachedPartition p = session.partitions().remove(tp);
                    if (p != null) {
                        session.partitions().put(tp, p);
                    }
                }
            }
            return new Result(session.id(), out);
        }
    }

    /** Records what the client is being told; true when any of it changed. Caller holds the session monitor. */
    static boolean remember(FetchSession.CachedPartition cached, FetchResponseData.PartitionData data) {
        boolean changed = cached.highWatermark != data.highWatermark()
                || cached.lastStableOffset != data.lastStableOffset()
                || cached.sentLogStartOffset != data.logStartOffset();
        cached.highWatermark = data.highWatermark();
        cached.lastStableOffset = data.lastStableOffset();
        cached.sentLogStartOffset = data.logStartOffset();
        return changed;
    }
}
