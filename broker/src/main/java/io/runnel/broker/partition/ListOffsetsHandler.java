package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.storage.TimestampOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ListOffsets v1-11: earliest (-2, and earliest-local -4: there is no remote tier), latest (-1), max timestamp
 * (-3), by timestamp (first offset whose timestamp is at or after it, -1 when none). Without a remote tier,
 * latest-tiered (-5) and earliest-pending-upload (-6) have no offset and answer -1. Runs on the I/O executor (the
 * time index may be read from disk). Thread-safe, stateless.
 */
public final class ListOffsetsHandler extends TypedApiHandler<ListOffsetsRequest> {
    private final PartitionManager partitions;

    public ListOffsetsHandler(PartitionManager partitions) {
        super(ApiKeys.LIST_OFFSETS, ListOffsetsRequest.class, 1, 11);
        this.partitions = partitions;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ListOffsetsRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            ListOffsetsResponseData data = new ListOffsetsResponseData();
            for (ListOffsetsRequestData.ListOffsetsTopic topic : request.data().topics()) {
                ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse =
                        new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
                data.topics().add(topicResponse);
                String internal = ctx.toInternal(ResourceType.TOPIC, topic.name());
                boolean allowed = ctx.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, internal);
                for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                    ListOffsetsResponseData.ListOffsetsPartitionResponse r =
                            new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                                    .setPartitionIndex(p.partitionIndex()).setOffset(-1).setTimestamp(-1);
                    topicResponse.partitions().add(r);
                    if (!allowed) {
                        r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        continue;
                    }
                    try {
                        answer(partitions.getOrThrow(new TopicPartition(internal, p.partitionIndex())), p, r,
                                ctx.apiVersion());
                    } catch (RuntimeException e) {
                        r.setErrorCode(PartitionErrors.toError(e, "list offsets of " + internal).code())
                                .setOffset(-1).setTimestamp(-1);
                    }
                }
            }
            return new ListOffsetsResponse(data);
        }, ctx.ioExecutor());
    }

    private static void answer(Partition partition, ListOffsetsRequestData.ListOffsetsPartition p,
                               ListOffsetsResponseData.ListOffsetsPartitionResponse r, short version) {
        partition.throwIfEpochMismatch(Optional.of(p.currentLeaderEpoch()));
        if (version >= 4) {
            // The field only exists from v4: setting it for older versions fails the encoding.
            r.setLeaderEpoch(partition.leaderEpoch());
        }
        long ts = p.timestamp();
        if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            r.setOffset(partition.logStartOffset());
        } else if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
            r.setOffset(partition.highWatermark());
        } else if (ts == ListOffsetsRequest.MAX_TIMESTAMP) {
            TimestampOffset max = partition.log().maxTimestamp();
            r.setOffset(max.offset()).setTimestamp(max.timestampMs());
        } else if (ts >= 0) {
            Optional<TimestampOffset> found = partition.log().offsetForTimestamp(ts);
            if (found.isPresent() && found.get().offset() < partition.highWatermark()) {
                r.setOffset(found.get().offset()).setTimestamp(found.get().timestampMs());
            }
        }
        // Tier-related sentinels (-5, -6) keep offset -1: this broker has no remote tier.
    }
}
