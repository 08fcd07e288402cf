package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * DeleteRecords v0-2: moves a partition's log start offset forward (offset -1 means the high watermark); an offset
 * past the high watermark answers OFFSET_OUT_OF_RANGE. Runs on the I/O executor (checkpoint write). Stateless.
 */
public final class DeleteRecordsHandler extends TypedApiHandler<DeleteRecordsRequest> {
    private final PartitionManager partitions;

    public DeleteRecordsHandler(PartitionManager partitions) {
        super(ApiKeys.DELETE_RECORDS, DeleteRecordsRequest.class, 0, 2);
        this.partitions = partitions;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DeleteRecordsRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            DeleteRecordsResponseData data = new DeleteRecordsResponseData();
            for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.data().topics()) {
                DeleteRecordsResponseData.DeleteRecordsTopicResult topicResult =
                        new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(topic.name());
                data.topics().add(topicResult);
                String internal = ctx.toInternal(ResourceType.TOPIC, topic.name());
                boolean allowed = ctx.authorize(AclOperation.DELETE, ResourceType.TOPIC, internal);
                for (DeleteRecordsRequestData.DeleteRecordsPartition p : topic.partitions()) {
                    DeleteRecordsResponseData.DeleteRecordsPartitionResult r =
                            new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                                    .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
                    topicResult.partitions().add(r);
                    if (!allowed) {
                        r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        continue;
                    }
                    try {
                        Partition partition = partitions.getOrThrow(new TopicPartition(internal, p.partitionIndex()));
                        long hw = partition.highWatermark();
                        long offset = p.offset() == -1 ? hw : p.offset();
                        if (offset < 0 || offset > hw) {
                            r.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                        } else {
                            r.setLowWatermark(partition.log().deleteRecordsBefore(offset));
                        }
                    } catch (RuntimeException e) {
                        r.setErrorCode(PartitionErrors.toError(e, "delete records of " + internal).code());
                    }
                }
            }
            return new DeleteRecordsResponse(data);
        }, ctx.ioExecutor());
    }
}
