package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.storage.EpochEndOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * OffsetForLeaderEpoch v2-4: the end offset of the largest epoch at or below the requested one, from storage's
 * leader-epoch cache (consumers use it to detect log truncation after a leader change). Unknown epoch: -1/-1.
 * Stateless.
 */
public final class OffsetForLeaderEpochHandler extends TypedApiHandler<OffsetsForLeaderEpochRequest> {
    private final PartitionManager partitions;

    public OffsetForLeaderEpochHandler(PartitionManager partitions) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, OffsetsForLeaderEpochRequest.class, 2, 4);
        this.partitions = partitions;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, OffsetsForLeaderEpochRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.data().topics()) {
                OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult topicResult =
                        new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
                data.topics().add(topicResult);
                String internal = ctx.toInternal(ResourceType.TOPIC, topic.topic());
                boolean allowed = ctx.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, internal);
                for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                    OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                            .setPartition(p.partition()).setLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                            .setEndOffset(-1);
                    topicResult.partitions().add(r);
                    if (!allowed) {
                        r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        continue;
                    }
                    try {
                        Partition partition = partitions.getOrThrow(new TopicPartition(internal, p.partition()));
                        partition.throwIfEpochMismatch(Optional.of(p.currentLeaderEpoch()));
                        Optional<EpochEndOffset> end = partition.log().epochEndOffset(p.leaderEpoch());
                        end.ifPresent(e -> r.setLeaderEpoch(e.leaderEpoch()).setEndOffset(e.endOffset()));
                    } catch (RuntimeException e) {
                        r.setErrorCode(PartitionErrors.toError(e, "offset for leader epoch of " + internal).code());
                    }
                }
            }
            return new OffsetsForLeaderEpochResponse(data);
        }, ctx.ioExecutor());
    }
}
