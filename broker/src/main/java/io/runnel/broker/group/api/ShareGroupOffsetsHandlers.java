package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.ShareGroupOps.PartitionOffsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsResponse;

/**
 * The share-group offsets admin APIs (AdminClient {@code listShareGroupOffsets}, {@code alterShareGroupOffsets},
 * {@code deleteShareGroupOffsets}): the share-partition start offset (SPSO) is a share group's "offset".
 */
public final class ShareGroupOffsetsHandlers {
    private ShareGroupOffsetsHandlers() {
    }

    /** DescribeShareGroupOffsets v0-1 (lag from v1). */
    public static final class Describe extends GroupApiHandler<DescribeShareGroupOffsetsRequest> {
        public Describe(GroupCoordinator coordinator) {
            super(coordinator, ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, DescribeShareGroupOffsetsRequest.class, 0, 1);
        }

        @Override
        protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
                                                                  DescribeShareGroupOffsetsRequest request) {
            boolean withLag = ctx.apiVersion() >= 1;
            List<CompletableFuture<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup>>
                    futures = new ArrayList<>();
            for (DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup req : request.data()
                    .groups()) {
                String group = internalGroup(ctx, req.groupId());
                if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
                    futures.add(CompletableFuture.completedFuture(DescribeShareGroupOffsetsRequest
                            .getErrorDescribedGroup(req.groupId(), Errors.GROUP_AUTHORIZATION_FAILED)));
                    continue;
                }
                Map<String, List<Integer>> topics = null;
                if (req.topics() != null) {
                    topics = new LinkedHashMap<>();
                    for (var t : req.topics()) {
                        topics.put(internalTopic(ctx, t.topicName()), t.partitions());
                    }
                }
                Map<String, List<Integer>> wanted = topics;
                futures.add(coordinator.run(group, shard -> shard.share().describeOffsets(group, wanted,
                        coordinator::partition)).handle((offsets, e) -> {
                            if (e != null) {
                                return DescribeShareGroupOffsetsRequest.getErrorDescribedGroup(req.groupId(),
                                        errorOf(e));
                            }
                            Map<String, DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic>
                                    byTopic = new LinkedHashMap<>();
                            for (PartitionOffsets o : offsets) {
                                byTopic.computeIfAbsent(o.topic(), t ->
                                        new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic()
                                                .setTopicName(clientTopic(ctx, t)).setTopicId(o.topicId()))
                                        .partitions().add(new DescribeShareGroupOffsetsResponseData
                                                .DescribeShareGroupOffsetsResponsePartition()
                                                .setPartitionIndex(o.partition()).setStartOffset(o.startOffset())
                                                .setLeaderEpoch(0).setLag(withLag ? o.lag() : -1)
                                                .setErrorCode(o.error().code()));
                            }
                            return new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup()
                                    .setGroupId(req.groupId()).setTopics(new ArrayList<>(byTopic.values()));
                        }));
            }
            return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                DescribeShareGroupOffsetsResponseData out = new DescribeShareGroupOffsetsResponseData();
                futures.forEach(f -> out.groups().add(f.join()));
                return new DescribeShareGroupOffsetsResponse(out);
            });
        }
    }

    /** AlterShareGroupOffsets v0: moves SPSOs of an empty share group. */
    public static final class Alter extends GroupApiHandler<AlterShareGroupOffsetsRequest> {
        public Alter(GroupCoordinator coordinator) {
            super(coordinator, ApiKeys.ALTER_SHARE_GROUP_OFFSETS, AlterShareGroupOffsetsRequest.class, 0, 0);
        }

        @Override
        protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
                                                                  AlterShareGroupOffsetsRequest request) {
            String group = internalGroup(ctx, request.data().groupId());
            if (!authorized(ctx, AclOperation.READ, group)) {
                return CompletableFuture.completedFuture(request.getErrorResponse(0,
                        Errors.GROUP_AUTHORIZATION_FAILED.exception()));
            }
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic t : request.data().topics()) {
                for (var p : t.partitions()) {
                    offsets.put(new TopicPartition(internalTopic(ctx, t.topicName()), p.partitionIndex()),
                            p.startOffset());
                }
            }
            long nowMs = ctx.time().nowMs();
            return respond(request, coordinator.run(group, shard -> shard.share().alterOffsets(group, offsets,
                    coordinator::partition, nowMs)), result -> {
                        Map<String, AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic> byTopic =
                                new LinkedHashMap<>();
                        result.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(), t ->
                                        new AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic()
                                                .setTopicName(clientTopic(ctx, t))
                                                .setTopicId(coordinator.partition(tp).map(p -> p.topicId())
                                                        .orElse(Uuid.ZERO_UUID)))
                                .partitions().add(new AlterShareGroupOffsetsResponseData
                                        .AlterShareGroupOffsetsResponsePartition().setPartitionIndex(tp.partition())
                                        .setErrorCode(error.code())));
                        AlterShareGroupOffsetsResponseData out = new AlterShareGroupOffsetsResponseData();
                        byTopic.values().forEach(t -> out.responses().add(t));
                        return new AlterShareGroupOffsetsResponse(out);
                    });
        }
    }

    /** DeleteShareGroupOffsets v0: forgets an empty share group's state of whole topics. */
    public static final class Delete extends GroupApiHandler<DeleteShareGroupOffsetsRequest> {
        public Delete(GroupCoordinator coordinator) {
            super(coordinator, ApiKeys.DELETE_SHARE_GROUP_OFFSETS, DeleteShareGroupOffsetsRequest.class, 0, 0);
        }

        @Override
        protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
                                                                  DeleteShareGroupOffsetsRequest request) {
            String group = internalGroup(ctx, request.data().groupId());
            if (!authorized(ctx, AclOperation.DELETE, group)) {
                return CompletableFuture.completedFuture(request.getErrorResponse(0,
                        Errors.GROUP_AUTHORIZATION_FAILED.exception()));
            }
            List<String> topics = new ArrayList<>();
            Map<String, String> clientNames = new HashMap<>();
            for (DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic t : request.data().topics()) {
                String internal = internalTopic(ctx, t.topicName());
                topics.add(internal);
                clientNames.put(internal, t.topicName());
            }
            return respond(request, coordinator.run(group, shard -> shard.share().deleteOffsets(group, topics)),
                    result -> {
                        DeleteShareGroupOffsetsResponseData out = new DeleteShareGroupOffsetsResponseData();
                        result.forEach((topic, error) -> out.responses().add(new DeleteShareGroupOffsetsResponseData
                                .DeleteShareGroupOffsetsResponseTopic().setTopicName(clientNames.get(topic))
                                .setTopicId(coordinator.partition(new TopicPartition(topic, 0)).map(p -> p.topicId())
                                        .orElse(Uuid.ZERO_UUID)).setErrorCode(error.code())));
                        return new DeleteShareGroupOffsetsResponse(out);
                    });
        }
    }
}
