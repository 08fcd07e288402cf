package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.ShareGroup.SharePartitionKey;
import io.runnel.broker.group.ShareGroupOps.AckBatch;
import io.runnel.broker.group.ShareGroupOps.PartitionResult;
import io.runnel.broker.group.api.ShareRequests.Resolved;
import io.runnel.broker.metadata.MetadataService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareAcknowledgeRequest;
import org.apache.kafka.common.requests.ShareAcknowledgeResponse;

/**
 * ShareAcknowledge v1-2 (KIP-932): ACCEPT / RELEASE / REJECT / RENEW (KIP-1222) and gaps, for records the member
 * acquired; answered once the new states are durable. Stateless, thread-safe.
 */
public final class ShareAcknowledgeHandler extends GroupApiHandler<ShareAcknowledgeRequest> {
    private final MetadataService metadata;

    public ShareAcknowledgeHandler(GroupCoordinator coordinator, MetadataService metadata) {
        super(coordinator, ApiKeys.SHARE_ACKNOWLEDGE, ShareAcknowledgeRequest.class, 1, 2);
        this.metadata = metadata;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ShareAcknowledgeRequest request) {
        ShareAcknowledgeRequestData data = request.data();
        String group = internalGroup(ctx, data.groupId());
        AbstractResponse refused = ShareRequests.refuseGroup(ctx, request, group);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        Map<SharePartitionKey, List<AckBatch>> acks = new LinkedHashMap<>();
        Map<Uuid, ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse> topics = new LinkedHashMap<>();
        for (ShareAcknowledgeRequestData.AcknowledgeTopic t : data.topics()) {
            for (ShareAcknowledgeRequestData.AcknowledgePartition p : t.partitions()) {
                Resolved r = ShareRequests.resolve(ctx, metadata, t.topicId(), p.partitionIndex());
                if (r.error() != Errors.NONE) {
                    topic(topics, t.topicId()).partitions().add(new ShareAcknowledgeResponseData.PartitionData()
                            .setPartitionIndex(p.partitionIndex()).setErrorCode(r.error().code()));
                    continue;
                }
                List<AckBatch> batches = new ArrayList<>();
                p.acknowledgementBatches().forEach(b -> batches.add(ShareRequests.ackBatch(b.firstOffset(),
                        b.lastOffset(), b.acknowledgeTypes())));
                acks.put(new SharePartitionKey(t.topicId(), r.internal()), batches);
            }
        }
        long nowMs = ctx.time().nowMs();
        short version = ctx.apiVersion();
        return respond(request, coordinator.run(group, shard -> shard.share().acknowledge(group, data.memberId(),
                data.shareSessionEpoch(), acks, nowMs)), o -> {
                    for (PartitionResult r : o.results()) {
                        topic(topics, r.key().topicId()).partitions().add(
                                new ShareAcknowledgeResponseData.PartitionData()
                                        .setPartitionIndex(r.key().topicPartition().partition())
                                        .setErrorCode(r.ackError().code()));
                    }
                    ShareAcknowledgeResponseData out = new ShareAcknowledgeResponseData();
                    topics.values().forEach(t -> out.responses().add(t));
                    if (version >= 2) {
                        out.setAcquisitionLockTimeoutMs(o.lockDurationMs());
                    }
                    return new ShareAcknowledgeResponse(out);
                });
    }

    private static ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse topic(
            Map<Uuid, ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse> topics, Uuid id) {
        return topics.computeIfAbsent(id, k -> new ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse()
                .setTopicId(k));
    }
}
