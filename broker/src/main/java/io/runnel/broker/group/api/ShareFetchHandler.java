package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.delay.DelayedOperation;
import io.runnel.broker.fetch.SliceRecords;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.ShareGroup.SharePartitionKey;
import io.runnel.broker.group.ShareGroupOps;
import io.runnel.broker.group.ShareGroupOps.AckBatch;
import io.runnel.broker.group.ShareGroupOps.FetchCall;
import io.runnel.broker.group.ShareGroupOps.FetchLimits;
import io.runnel.broker.group.ShareGroupOps.Outcome;
import io.runnel.broker.group.ShareGroupOps.PartitionResult;
import io.runnel.broker.group.SharePartition.Acquired;
import io.runnel.broker.group.api.ShareRequests.Resolved;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.partition.Partition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareFetchRequest;
import org.apache.kafka.common.requests.ShareFetchResponse;

/**
 * ShareFetch v1-2 (KIP-932): the member's share session, piggy-backed acknowledgements and record acquisition
 * all run on the group's coordinator shard ({@link ShareGroupOps#fetch}); the response carries log slices sent
 * from the segment files without copying, plus the acquired offset ranges, and is released once the acquisition
 * is durable.
 *
 * <p>Long poll: when nothing could be acquired the request parks as a {@link DelayedOperation} watched under its
 * partitions in the same registry appends wake; it re-runs the acquisition when records were appended or released
 * to the group (lock expired, released, owner left), or at {@code max_wait_ms}. No thread waits.
 *
 * <p>Stateless, thread-safe.
 */
public final class ShareFetchHandler extends GroupApiHandler<ShareFetchRequest> {
    private final MetadataService metadata;

    public ShareFetchHandler(GroupCoordinator coordinator, MetadataService metadata) {
        super(coordinator, ApiKeys.SHARE_FETCH, ShareFetchRequest.class, 1, 2);
        this.metadata = metadata;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ShareFetchRequest request) {
        ShareFetchRequestData data = request.data();
        String group = internalGroup(ctx, data.groupId());
        AbstractResponse refused = ShareRequests.refuseGroup(ctx, request, group);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        List<SharePartitionKey> added = new ArrayList<>();
        Map<SharePartitionKey, List<AckBatch>> acks = new LinkedHashMap<>();
        LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> rejected = new LinkedHashMap<>();
        for (ShareFetchRequestData.FetchTopic t : data.topics()) {
            for (ShareFetchRequestData.FetchPartition p : t.partitions()) {
                Resolved r = ShareRequests.resolve(ctx, metadata, t.topicId(), p.partitionIndex());
                if (r.error() != Errors.NONE) {
                    rejected.put(new TopicIdPartition(t.topicId(), p.partitionIndex(), null),
                            new ShareFetchResponseData.PartitionData().setPartitionIndex(p.partitionIndex())
                                    .setErrorCode(r.error().code()).setRecords(MemoryRecords.EMPTY));
                    continue;
                }
                SharePartitionKey key = new SharePartitionKey(t.topicId(), r.internal());
                added.add(key);
                if (!p.acknowledgementBatches().isEmpty()) {
                    List<AckBatch> batches = new ArrayList<>();
                    p.acknowledgementBatches().forEach(b -> batches.add(ShareRequests.ackBatch(b.firstOffset(),
                            b.lastOffset(), b.acknowledgeTypes())));
                    acks.put(key, batches);
                }
            }
        }
        List<SharePartitionKey> forgotten = new ArrayList<>();
        for (ShareFetchRequestData.ForgottenTopic t : data.forgottenTopicsData()) {
            for (int p : t.partitions()) {
                Resolved r = ShareRequests.resolve(ctx, metadata, t.topicId(), p);
                if (r.internal() != null) {
                    forgotten.add(new SharePartitionKey(t.topicId(), r.internal()));
                }
            }
        }
        FetchLimits limits = new FetchLimits(data.maxRecords(), data.maxBytes(), 0);
        FetchCall call = new FetchCall(group, data.memberId(), data.shareSessionEpoch(), added, forgotten, acks,
                limits);
        AtomicReference<Outcome> produced = new AtomicReference<>();
        long nowMs = ctx.time().nowMs();
        CompletableFuture<Outcome> first = coordinator.run(group, shard -> {
            Outcome o = shard.share().fetch(call, coordinator::partition, nowMs);
            produced.set(o);
            return o;
        });
        CompletableFuture<AbstractResponse> result = new CompletableFuture<>();
        first.whenComplete((o, e) -> {
            if (e != null) {
                Outcome partial = produced.get();
                if (partial != null) {
                    partial.releaseSlices();
                }
                result.complete(request.getErrorResponse(0, toApiException(e)));
            } else if (!o.acquiredAny() && data.maxWaitMs() > 0 && !o.sessionPartitions().isEmpty()
                    && data.shareSessionEpoch() != ShareGroupOps.FINAL_SESSION_EPOCH) {
                DelayedShareFetch delayed = new DelayedShareFetch(ctx, request, group, o, limits, rejected, result);
                coordinator.shareAvailability().waiters().tryCompleteElseWatch(delayed, delayed.keys());
            } else {
                result.complete(respond(o, null, rejected));
            }
        });
        return result;
    }

    /** The response: the results of both passes (the first carries acknowledgement outcomes), then the rejects. */
    private static AbstractResponse respond(Outcome first, Outcome second,
                                            LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> rejected) {
        LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> out = new LinkedHashMap<>();
        Map<SharePartitionKey, ShareFetchResponseData.PartitionData> byKey = new LinkedHashMap<>();
        for (Outcome o : second == null ? List.of(first) : List.of(first, second)) {
            for (PartitionResult r : o.results()) {
                ShareFetchResponseData.PartitionData pd = byKey.computeIfAbsent(r.key(), k ->
                        new ShareFetchResponseData.PartitionData().setPartitionIndex(k.topicPartition().partition())
                                .setRecords(MemoryRecords.EMPTY));
                if (r.error() != Errors.NONE) {
                    pd.setErrorCode(r.error().code());
                }
                if (r.ackError() != Errors.NONE) {
                    pd.setAcknowledgeErrorCode(r.ackError().code());
                }
                if (r.slice() != null) {
                    pd.setRecords(new SliceRecords(r.slice()));
                    List<ShareFetchResponseData.AcquiredRecords> acquired = new ArrayList<>();
                    for (Acquired a : r.acquired()) {
                        acquired.add(new ShareFetchResponseData.AcquiredRecords().setFirstOffset(a.firstOffset())
                                .setLastOffset(a.lastOffset()).setDeliveryCount((short) a.deliveryCount()));
                    }
                    pd.setAcquiredRecords(acquired);
                }
            }
        }
        byKey.forEach((k, pd) -> out.put(new TopicIdPartition(k.topicId(), k.topicPartition()), pd));
        out.putAll(rejected);
        Outcome last = second == null ? first : second;
        return ShareFetchResponse.of(Errors.NONE, 0, out, List.of(), last.lockDurationMs());
    }

    /**
     * A ShareFetch that acquired nothing, waiting for records: complete when one of its partitions got appends or
     * released records of this group, or at max_wait_ms; then acquires again on the shard.
     */
    private final class DelayedShareFetch extends DelayedOperation {
        private final RequestContext ctx;
        private final ShareFetchRequest request;
        private final String group;
        private final Outcome first;
        private final FetchLimits limits;
        private final LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> rejected;
        private final CompletableFuture<AbstractResponse> result;
        private final List<TopicPartition> watched = new ArrayList<>();
        private final List<Partition> partitions = new ArrayList<>();
        private final long[] appendedAtPark;
        private final long[] versionAtPark;

        DelayedShareFetch(RequestContext ctx, ShareFetchRequest request, String group, Outcome first,
                          FetchLimits limits,
                          LinkedHashMap<TopicIdPartition, ShareFetchResponseData.PartitionData> rejected,
                          CompletableFuture<AbstractResponse> result) {
            super(request.data().maxWaitMs());
            this.ctx = ctx;
            this.request = request;
            this.group = group;
            this.first = first;
            this.limits = limits;
            this.rejected = rejected;
            this.result = result;
            for (SharePartitionKey k : first.sessionPartitions()) {
                coordinator.partition(k.topicPartition()).ifPresent(p -> {
                    watched.add(k.topicPartition());
                    partitions.add(p);
                });
            }
            appendedAtPark = new long[partitions.size()];
            versionAtPark = new long[partitions.size()];
            for (int i = 0; i < partitions.size(); i++) {
                appendedAtPark[i] = partitions.get(i).appendedBytes();
                versionAtPark[i] = coordinator.shareAvailability().version(group, watched.get(i));
            }
        }

        List<TopicPartition> keys() {
            return watched;
        }

        @Override
        public boolean tryComplete() {
            for (int i = 0; i < partitions.size(); i++) {
                if (partitions.get(i).appendedBytes() != appendedAtPark[i]
                        || coordinator.shareAvailability().version(group, watched.get(i)) != versionAtPark[i]) {
                    return forceComplete();
                }
            }
            return false;
        }

        @Override
        protected void onComplete() {
            String member = request.data().memberId();
            long nowMs = ctx.time().nowMs();
            AtomicReference<Outcome> produced = new AtomicReference<>();
            coordinator.run(group, shard -> {
                Outcome o = shard.share().acquireAgain(group, member, first.sessionPartitions(), limits,
                        coordinator::partition, nowMs);
                produced.set(o);
                return o;
            }).whenComplete((second, e) -> {
                if (e != null) {
                    Outcome partial = produced.get();
                    if (partial != null) {
                        partial.releaseSlices();
                    }
                    // The acknowledgements of the first pass are durable: report them, without records.
                    result.complete(respond(first, null, rejected));
                } else {
                    result.complete(respond(first, second, rejected));
                }
            });
        }
    }
}
