package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.delay.TimerTask;
import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.partition.ProduceValidator.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Produce v3-13. Appends run off the event loop, in request order per connection ({@link OrderedExecutor}), so a
 * client pipelining requests gets its batches in the order it sent them; durability waits never hold that order.
 * The exception (decision 0023): a small uncompressed acks=0/1 batch for one partition, arriving while its
 * connection has nothing queued, is appended on the event loop when that cannot wait on more than a page-cache
 * write, which saves the two thread hand-offs that dominate the latency of an unloaded produce.
 *
 * <p>Acknowledgement levels (docs/durability.md):
 * <ul>
 *   <li>acks=0: appended, no response;</li>
 *   <li>acks=1: answered once the batch is written to the log (page cache);</li>
 *   <li>acks=all (-1): answered once the batch is fsynced through storage's group commit, unless the topic sets
 *       {@code runnel.acks.all.fsync=false}; a wait longer than the request's timeout answers
 *       REQUEST_TIMED_OUT for the partitions still waiting (the batch may still become durable).</li>
 * </ul>
 * A retried duplicate of an idempotent batch is answered with the original offsets, after the same durability
 * wait (the original may not be fsynced yet).
 *
 * <p>Thread-safe; stateless apart from the per-connection ordering lanes.
 */
public final class ProduceHandler extends TypedApiHandler<ProduceRequest> {
    private final PartitionManager partitions;
    private final Supplier<MetadataImage> image;
    private final TimerWheel timer;
    private final OrderedExecutor ordered;
    private final int inlineAppendMaxBytes;

    /**
     * @param inlineAppendMaxBytes requests to one partition with at most this many bytes of uncompressed records
     *                             (acks 0 or 1) are appended on the event loop when that cannot wait; 0: never
     */
    public ProduceHandler(PartitionManager partitions, Supplier<MetadataImage> image, TimerWheel timer,
                          OrderedExecutor ordered, int inlineAppendMaxBytes) {
        super(ApiKeys.PRODUCE, ProduceRequest.class, 3, 13);
        this.partitions = partitions;
        this.image = image;
        this.timer = timer;
        this.ordered = ordered;
        this.inlineAppendMaxBytes = inlineAppendMaxBytes;
    }

    /** One partition of the request and, once known, its answer. */
    private static final class Slot {
        final ProduceResponseData.TopicProduceResponse topic;
        final ProduceResponseData.PartitionProduceResponse response;
        final TopicPartition tp;
        final MemoryRecords records;
        Partition partition;
        AppendInfo appended;

        Slot(ProduceResponseData.TopicProduceResponse topic, TopicPartition tp, int index, MemoryRecords records) {
            this.topic = topic;
            this.tp = tp;
            this.records = records;
            this.response = new ProduceResponseData.PartitionProduceResponse().setIndex(index).setBaseOffset(-1)
                    .setLogAppendTimeMs(-1).setLogStartOffset(-1);
        }
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ProduceRequest request) {
        short version = ctx.apiVersion();
        ProduceResponseData responseData = new ProduceResponseData();
        List<Slot> toAppend = new ArrayList<>();
        MetadataImage current = image.get();
        for (ProduceRequestData.TopicProduceData topicData : request.data().topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse();
            if (version >= 13) {
                topicResponse.setTopicId(topicData.topicId());
            } else {
                topicResponse.setName(topicData.name());
            }
            responseData.responses().add(topicResponse);
            Errors topicError = Errors.NONE;
            String internalName = null;
            if (version >= 13) {
                Optional<TopicImage> t = current.topic(topicData.topicId());
                if (t.isEmpty() || Uuid.ZERO_UUID.equals(topicData.topicId())) {
                    topicError = Errors.UNKNOWN_TOPIC_ID;
                } else {
                    internalName = t.get().name();
                }
            } else {
                internalName = ctx.toInternal(ResourceType.TOPIC, topicData.name());
            }
            if (topicError == Errors.NONE && !ctx.authorize(AclOperation.WRITE, ResourceType.TOPIC, internalName)) {
                topicError = Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            for (ProduceRequestData.PartitionProduceData p : topicData.partitionData()) {
                Slot slot = new Slot(topicResponse, internalName == null ? null
                        : new TopicPartition(internalName, p.index()), p.index(), (MemoryRecords) p.records());
                topicResponse.partitionResponses().add(slot.response);
                if (topicError != Errors.NONE) {
                    slot.response.setErrorCode(topicError.code());
                } else if (slot.records == null) {
                    fail(slot, version, Errors.INVALID_REQUEST, "No records");
                } else {
                    toAppend.add(slot);
                }
            }
        }
        short acks = request.acks();
        if (acks != -1 && toAppend.size() == 1 && toAppend.get(0).records.sizeInBytes() <= inlineAppendMaxBytes
                && ordered.isIdle(ctx.connectionId()) && tryAppendInline(toAppend.get(0), version)) {
            return CompletableFuture.completedFuture(acks == 0 ? null : new ProduceResponse(responseData));
        }
        CompletableFuture<AbstractResponse> result = new CompletableFuture<>();
        ordered.execute(ctx.connectionId(), () -> {
            try {
                appendAll(toAppend, version);
                if (acks == 0) {
                    result.complete(null);
                } else if (acks == -1) {
                    awaitDurability(toAppend, request.timeout(), version, responseData, result);
                } else {
                    result.complete(new ProduceResponse(responseData));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return acks == 0 ? result.thenApply(r -> null) : result;
    }

    private void appendAll(List<Slot> slots, short version) {
        for (Slot slot : slots) {
            try {
                slot.partition = partitions.getOrThrow(slot.tp);
                onAppended(slot, slot.partition.append(slot.records, version, Origin.CLIENT), version);
            } catch (RuntimeException e) {
                fail(slot, version, PartitionErrors.toError(e, "produce to " + slot.tp), PartitionErrors.messageOf(e));
            }
        }
    }

    /**
     * On the event loop (decision 0023): appends the slot's batch here when that cannot wait on more than a
     * page-cache write ({@link Partition#tryAppendWithoutWaiting}). False, with nothing appended, when it could:
     * the caller then queues the append on the connection's lane as usual. Only called while the lane is idle, so
     * no earlier request of the connection is still to be appended.
     */
    private boolean tryAppendInline(Slot slot, short version) {
        Partition partition = partitions.get(slot.tp).orElse(null);
        if (partition == null) {
            return false; // the lane answers the error, as for any request
        }
        AppendInfo appended;
        try {
            appended = partition.tryAppendWithoutWaiting(slot.records, version);
        } catch (RuntimeException e) {
            fail(slot, version, PartitionErrors.toError(e, "produce to " + slot.tp), PartitionErrors.messageOf(e));
            return true;
        }
        if (appended == null) {
            return false;
        }
        slot.partition = partition;
        onAppended(slot, appended, version);
        return true;
    }

    private static void onAppended(Slot slot, AppendInfo appended, short version) {
        slot.appended = appended;
        slot.response.setBaseOffset(appended.firstOffset()).setLogAppendTimeMs(appended.logAppendTimeMs());
        if (version >= 5) {
            // Older versions lack the field; a non-default value would fail the encoding.
            slot.response.setLogStartOffset(appended.logStartOffset());
        }
    }

    private static void fail(Slot slot, short version, Errors error, String message) {
        slot.appended = null;
        slot.response.setErrorCode(error.code()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
        if (version >= 8 && message != null) {
            slot.response.setErrorMessage(message);
        }
    }

    /**
     * Answers once every appended slot's batch is durable, or at the request timeout with REQUEST_TIMED_OUT for
     * the slots still waiting. The timeout lives on the shared timer wheel.
     */
    private void awaitDurability(List<Slot> slots, int timeoutMs, short version, ProduceResponseData data,
                                 CompletableFuture<AbstractResponse> result) {
        List<Slot> waiting = new ArrayList<>();
        for (Slot s : slots) {
            if (s.appended != null && s.partition.ackAllWaitsForFsync()) {
                waiting.add(s);
            }
        }
        if (waiting.isEmpty()) {
            result.complete(new ProduceResponse(data));
            return;
        }
        AtomicInteger remaining = new AtomicInteger(waiting.size());
        Object lock = new Object();
        TimerTask timeout = timer.schedule(timeoutMs, () -> {
            synchronized (lock) {
                if (result.isDone()) {
                    return;
                }
                for (Slot s : waiting) {
                    if (s.appended != null && !s.partition.awaitDurable(s.appended.lastOffset() + 1).isDone()) {
                        fail(s, version, Errors.REQUEST_TIMED_OUT, "Batch not durable within " + timeoutMs + " ms");
                    }
                }
                result.complete(new ProduceResponse(data));
            }
        });
        for (Slot s : waiting) {
            s.partition.awaitDurable(s.appended.lastOffset() + 1).whenComplete((v, err) -> {
                synchronized (lock) {
                    if (result.isDone()) {
                        return;
                    }
                    if (err != null) {
                        fail(s, version, PartitionErrors.toError(err, "fsync of " + s.tp), PartitionErrors.messageOf(err));
                    }
                    if (remaining.decrementAndGet() == 0) {
                        timeout.cancel();
                        result.complete(new ProduceResponse(data));
                    }
                }
            });
        }
    }

}
