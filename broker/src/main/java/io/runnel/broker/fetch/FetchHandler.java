package io.runnel.broker.fetch;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.delay.DelayedOperation;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.partition.OrderedExecutor;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.PartitionErrors;
import io.runnel.broker.partition.PartitionManager;
import io.runnel.storage.LogSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.FetchSessionIdNotFoundException;
import org.apache.kafka.common.errors.InvalidFetchSessionEpochException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Fetch v4-18 (topic ids from v13). Reads run on the I/O executor and return storage slices that the encoder
 * sends from the segment files without copying ({@link SliceRecords}).
 *
 * <p>Long poll: when fewer than {@code min_bytes} are available the request parks as a {@link DelayedOperation}
 * on the shared timer wheel, watched under each of its partitions; an append to any of them re-checks it (cheaply:
 * bytes appended since parking, no read), and it answers when enough bytes arrived or {@code max_wait_ms}
 * passed. No thread waits. The append that satisfies a parked fetch also reads and answers it on the appending
 * thread (no hop to another I/O thread between the append and the consumer's response); a fetch that reaches its
 * deadline is read on the I/O executor, not on the timer thread. A fetch with nothing to read (every partition
 * fetched at its high watermark) parks from the event loop without visiting an I/O thread (decision 0023).
 *
 * <p>Limits: each partition gets at most its {@code partition_max_bytes}, the whole response at most
 * {@code max_bytes}, except that the first partition with data always gets at least one whole batch (KIP-74), so
 * a batch larger than the limits never blocks a consumer.
 *
 * <p>Thread-safe; per-request state lives in the request's own objects.
 */
public final class FetchHandler extends TypedApiHandler<FetchRequest> {
    private final PartitionManager partitions;
    private final Supplier<MetadataImage> image;
    private final FetchSessionCache sessions;
    private final OrderedExecutor ordered;

    /**
     * @param ordered the produce handler's per-connection lanes: a fetch runs after the appends its connection sent
     *                before it (read-your-writes on a connection even with acks=0, as Kafka's one-request-at-a-time
     *                processing per connection gives)
     */
    public FetchHandler(PartitionManager partitions, Supplier<MetadataImage> image, FetchSessionCache sessions,
                        OrderedExecutor ordered) {
        super(ApiKeys.FETCH, FetchRequest.class, 4, 18);
        this.partitions = partitions;
        this.image = image;
        this.sessions = sessions;
        this.ordered = ordered;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, FetchRequest request) {
        Map<Uuid, String> topicNames = topicNames(request);
        FetchContext fetchContext;
        try {
            fetchContext = sessions.newContext(request.metadata(), request.fetchData(topicNames),
                    request.forgottenTopics(topicNames));
        } catch (FetchSessionIdNotFoundException | InvalidFetchSessionEpochException e) {
            return CompletableFuture.completedFuture(FetchResponse.of(Errors.forException(e), 0,
                    FetchMetadata.INVALID_SESSION_ID, new LinkedHashMap<>(), List.of()));
        }
        CompletableFuture<AbstractResponse> result = new CompletableFuture<>();
        Executor io = ctx.ioExecutor();
        if (request.maxWait() > 0 && ordered.isIdle(ctx.connectionId())
                && isCaughtUp(ctx, fetchContext.partitionsToFetch())) {
            // Nothing to read: park here, on the event loop, without a hop to an I/O thread and back (decision
            // 0023). A batch appended since the check is read as the delayed fetch's completion would read it.
            try {
                firstPass(ctx, request, fetchContext, result, io);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return result;
        }
        ordered.execute(ctx.connectionId(), () -> {
            try {
                firstPass(ctx, request, fetchContext, result, io);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private Map<Uuid, String> topicNames(FetchRequest request) {
        Map<Uuid, String> names = new HashMap<>();
        MetadataImage current = image.get();
        for (FetchRequestData.FetchTopic t : request.data().topics()) {
            if (t.topicId() != null && !Uuid.ZERO_UUID.equals(t.topicId())) {
                current.topic(t.topicId()).ifPresent(topic -> names.put(t.topicId(), topic.name()));
            }
        }
        for (FetchRequestData.ForgottenTopic t : request.data().forgottenTopicsData()) {
            if (t.topicId() != null && !Uuid.ZERO_UUID.equals(t.topicId())) {
                current.topic(t.topicId()).ifPresent(topic -> names.put(t.topicId(), topic.name()));
            }
        }
        return names;
    }

    private void firstPass(RequestContext ctx, FetchRequest request, FetchContext fetchContext,
                           CompletableFuture<AbstractResponse> result, Executor io) {
        Reads reads = readAll(ctx, fetchContext.partitionsToFetch(), request.maxBytes());
        if (request.maxWait() <= 0 || reads.bytes >= request.minBytes() || reads.errors > 0
                || reads.results.isEmpty()) {
            result.complete(respond(fetchContext, reads));
            return;
        }
        reads.releaseAll();
        DelayedFetch delayed = new DelayedFetch(ctx, request, fetchContext, reads, result, io);
        partitions.appendWaiters().tryCompleteElseWatch(delayed, delayed.keys());
    }

    /**
     * True when every partition of the fetch exists, is readable and is fetched at its high watermark, so the first
     * pass reads no file. Memory only (lookups, the authorizer): safe on an event loop.
     */
    private boolean isCaughtUp(RequestContext ctx, LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> toFetch) {
        for (Map.Entry<TopicIdPartition, FetchRequest.PartitionData> e : toFetch.entrySet()) {
            TopicIdPartition tip = e.getKey();
            if (tip.topic() == null) {
                return false;
            }
            String internal = ctx.toInternal(ResourceType.TOPIC, tip.topic());
            if (!ctx.authorize(AclOperation.READ, ResourceType.TOPIC, internal)) {
                return false;
            }
            Partition partition = partitions.get(new TopicPartition(internal, tip.partition())).orElse(null);
            if (partition == null || e.getValue().fetchOffset != partition.highWatermark()) {
                return false;
            }
        }
        return !toFetch.isEmpty();
    }

    private AbstractResponse respond(FetchContext fetchContext, Reads reads) {
        try {
            FetchContext.Result r = fetchContext.finish(reads.results);
            // Partitions the session filtered out carry no records, but release whatever they hold anyway.
            for (Map.Entry<TopicIdPartition, FetchResponseData.PartitionData> e : reads.results.entrySet()) {
                if (!r.partitions().containsKey(e.getKey()) && e.getValue().records() instanceof SliceRecords s) {
                    s.release();
                }
            }
            return FetchResponse.of(Errors.NONE, 0, r.sessionId(), r.partitions(), List.of());
        } catch (RuntimeException e) {
            reads.releaseAll();
            throw e;
        }
    }

    /** The read results of one pass over the partitions. */
    private static final class Reads {
        final LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results = new LinkedHashMap<>();
        final Map<TopicIdPartition, Partition> resolved = new HashMap<>();
        /** Each resolved partition's {@link Partition#appendedBytes()}, taken before its high watermark was read. */
        final Map<TopicIdPartition, Long> appendedBeforeRead = new HashMap<>();
        int bytes;
        int errors;

        void releaseAll() {
            for (FetchResponseData.PartitionData d : results.values()) {
                if (d.records() instanceof SliceRecords s) {
                    s.release();
                }
            }
        }
    }

    private Reads readAll(RequestContext ctx, LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> toFetch,
                          int responseMaxBytes) {
        Reads reads = new Reads();
        try {
            for (Map.Entry<TopicIdPartition, FetchRequest.PartitionData> e : toFetch.entrySet()) {
                TopicIdPartition tip = e.getKey();
                FetchResponseData.PartitionData data = readOne(ctx, tip, e.getValue(), responseMaxBytes - reads.bytes,
                        reads);
                reads.results.put(tip, data);
                if (data.errorCode() != Errors.NONE.code()) {
                    reads.errors++;
                } else if (data.records() != null) {
                    reads.bytes += data.records().sizeInBytes();
                }
            }
        } catch (RuntimeException e) {
            reads.releaseAll();
            throw e;
        }
        return reads;
    }

    private FetchResponseData.PartitionData readOne(RequestContext ctx, TopicIdPartition tip,
                                                    FetchRequest.PartitionData req, int responseBytesLeft, Reads reads) {
        FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                .setPartitionIndex(tip.partition())
                .setHighWatermark(FetchResponse.INVALID_HIGH_WATERMARK)
                .setLastStableOffset(FetchResponse.INVALID_LAST_STABLE_OFFSET)
                .setLogStartOffset(FetchResponse.INVALID_LOG_START_OFFSET)
                .setRecords(MemoryRecords.EMPTY);
        if (tip.topic() == null) {
            return data.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
        }
        String internal = ctx.toInternal(ResourceType.TOPIC, tip.topic());
        if (!ctx.authorize(AclOperation.READ, ResourceType.TOPIC, internal)) {
            return data.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        Partition partition = partitions.get(new TopicPartition(internal, tip.partition())).orElse(null);
        if (partition == null || (!Uuid.ZERO_UUID.equals(tip.topicId()) && !tip.topicId().equals(partition.topicId()))) {
            return data.setErrorCode(tip.topicId() != null && !Uuid.ZERO_UUID.equals(tip.topicId())
                    ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        reads.resolved.put(tip, partition);
        // Before the high watermark: an append that lands after this line either shows in the read below or counts
        // as new bytes for a parked fetch, so none slips between the read and the parking unseen.
        reads.appendedBeforeRead.put(tip, partition.appendedBytes());
        try {
            partition.throwIfEpochMismatch(req.currentLeaderEpoch);
            long highWatermark = partition.highWatermark();
            long logStartOffset = partition.logStartOffset();
            data.setHighWatermark(highWatermark).setLastStableOffset(highWatermark);
            if (ctx.apiVersion() >= 5) {
                data.setLogStartOffset(logStartOffset); // absent before v5: a non-default value fails encoding
            }
            if (req.fetchOffset == highWatermark) {
                return data;
            }
            int maxBytes = Math.max(0, Math.min(req.maxBytes, responseBytesLeft));
            boolean minOneBatch = reads.bytes == 0;
            if (maxBytes == 0 && !minOneBatch) {
                return data;
            }
            LogSlice slice = partition.read(req.fetchOffset, maxBytes, minOneBatch);
            if (slice.isEmpty()) {
                slice.release();
                return data;
            }
            return data.setRecords(new SliceRecords(slice));
        } catch (RuntimeException e) {
            Errors error = PartitionErrors.toError(e, "fetch from " + tip);
            return data.setErrorCode(error.code()).setRecords(MemoryRecords.EMPTY);
        }
    }

    /**
     * A fetch waiting for {@code min_bytes}. Complete when the bytes appended to its partitions since it parked,
     * plus what was already available, reach min_bytes; or when one of its partitions went away; or at
     * {@code max_wait_ms}. Completion re-reads on the I/O executor.
     */
    private final class DelayedFetch extends DelayedOperation {
        private final RequestContext ctx;
        private final FetchRequest request;
        private final FetchContext fetchContext;
        private final CompletableFuture<AbstractResponse> result;
        private final Executor io;
        private final int availableBytes;
        private final List<Partition> watched = new ArrayList<>();
        private final long[] appendedAtPark;

        DelayedFetch(RequestContext ctx, FetchRequest request, FetchContext fetchContext, Reads firstReads,
                     CompletableFuture<AbstractResponse> result, Executor io) {
            super(request.maxWait());
            this.ctx = ctx;
            this.request = request;
            this.fetchContext = fetchContext;
            this.result = result;
            this.io = io;
            this.availableBytes = firstReads.bytes;
            appendedAtPark = new long[firstReads.resolved.size()];
            for (Map.Entry<TopicIdPartition, Partition> e : firstReads.resolved.entrySet()) {
                appendedAtPark[watched.size()] = firstReads.appendedBeforeRead.get(e.getKey());
                watched.add(e.getValue());
            }
        }

        List<TopicPartition> keys() {
            List<TopicPartition> keys = new ArrayList<>(watched.size());
            for (Partition p : watched) {
                keys.add(p.topicPartition());
            }
            return keys;
        }

        @Override
        public boolean tryComplete() {
            long bytes = availableBytes;
            for (int i = 0; i < watched.size(); i++) {
                Partition p = watched.get(i);
                if (partitions.get(p.topicPartition()).orElse(null) != p) {
                    return forceComplete(); // deleted or recreated: answer with the error now
                }
                bytes += p.appendedBytes() - appendedAtPark[i];
            }
            return bytes >= request.minBytes() && forceComplete();
        }

        @Override
        protected void onComplete() {
            if (isExpired()) {
                // The timer thread serves every deadline: the reads go to the I/O executor.
                io.execute(this::readAndRespond);
            } else {
                // Woken by an append (or by this fetch's own registration): that thread is an I/O thread that has
                // just written, so it reads here, as Kafka's handler threads do. A hop to another I/O thread would
                // put a thread wake-up between the append and the response on the consumer's critical path.
                readAndRespond();
            }
        }

        private void readAndRespond() {
            try {
                Reads reads = readAll(ctx, fetchContext.partitionsToFetch(), request.maxBytes());
                result.complete(respond(fetchContext, reads));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }
}
