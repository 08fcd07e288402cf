package io.runnel.broker.admin;

import io.runnel.broker.TopicConfigs;
import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.metadata.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * CreateTopics v2-7, including validate_only. Checks what the request alone decides (duplicates, partition count,
 * replication factor, assignments, authorization), then asks the metadata service, which checks name, existence
 * and configs (against storage's topic keys: INVALID_CONFIG naming the key) and writes the topic. v5+ answers the
 * new topic's configs with their sources. Stateless; results complete on the metadata thread.
 */
public final class CreateTopicsHandler extends TypedApiHandler<CreateTopicsRequest> {
    private final MetadataService metadata;
    private final BrokerConfig config;
    private final TopicConfigs topicConfigs;

    public CreateTopicsHandler(MetadataService metadata, BrokerConfig config, TopicConfigs topicConfigs) {
        super(ApiKeys.CREATE_TOPICS, CreateTopicsRequest.class, 2, 7);
        this.metadata = metadata;
        this.config = config;
        this.topicConfigs = topicConfigs;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, CreateTopicsRequest request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : request.data().topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        boolean clusterCreate = ctx.authorize(AclOperation.CREATE, ResourceType.CLUSTER,
                RequestContext.CLUSTER_RESOURCE);
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        for (CreatableTopic topic : request.data().topics()) {
            if (duplicates.contains(topic.name())) {
                results.add(CompletableFuture.completedFuture(failure(topic.name(), new ApiError(
                        Errors.INVALID_REQUEST, "Topic '" + topic.name() + "' appears more than once."))));
                continue;
            }
            results.add(create(ctx, request, topic, clusterCreate));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            CreateTopicsResponseData data = new CreateTopicsResponseData().setThrottleTimeMs(0);
            results.forEach(r -> data.topics().add(r.join()));
            return new CreateTopicsResponse(data);
        });
    }

    private CompletableFuture<CreatableTopicResult> create(RequestContext ctx, CreateTopicsRequest request,
            CreatableTopic topic, boolean clusterCreate) {
        String clientName = topic.name();
        String name = ctx.toInternal(ResourceType.TOPIC, clientName);
        if (!clusterCreate && !ctx.authorize(AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return done(failure(clientName, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, null)));
        }
        int partitions;
        if (!topic.assignments().isEmpty()) {
            if (topic.numPartitions() != CreateTopicsRequest.NO_NUM_PARTITIONS
                    || topic.replicationFactor() != CreateTopicsRequest.NO_REPLICATION_FACTOR) {
                return done(failure(clientName, new ApiError(Errors.INVALID_REQUEST,
                        "Both a replica assignment and a partition count or replication factor were given.")));
            }
            ApiError bad = checkAssignments(topic);
            if (bad != null) {
                return done(failure(clientName, bad));
            }
            partitions = topic.assignments().size();
        } else {
            partitions = topic.numPartitions() == CreateTopicsRequest.NO_NUM_PARTITIONS
                    ? config.get(BrokerConfig.NUM_PARTITIONS) : topic.numPartitions();
            if (partitions <= 0) {
                return done(failure(clientName, new ApiError(Errors.INVALID_PARTITIONS,
                        "Number of partitions must be larger than 0, not " + topic.numPartitions() + ".")));
            }
            short rf = topic.replicationFactor();
            if (rf != CreateTopicsRequest.NO_REPLICATION_FACTOR && rf != 1) {
                return done(failure(clientName, new ApiError(Errors.INVALID_REPLICATION_FACTOR,
                        rf <= 0 ? "Replication factor must be larger than 0, not " + rf + "."
                                : "Replication factor " + rf + " is larger than the number of brokers (1).")));
            }
        }
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig c : topic.configs()) {
            if (c.value() == null) {
                return done(failure(clientName, new ApiError(Errors.INVALID_CONFIG,
                        "Null value not supported for topic configuration '" + c.name() + "'.")));
            }
            if (configs.put(c.name(), c.value()) != null) {
                return done(failure(clientName, new ApiError(Errors.INVALID_REQUEST,
                        "Topic configuration '" + c.name() + "' appears more than once.")));
            }
        }
        TopicSpec spec = new TopicSpec(name, partitions, configs, false);
        return metadata.createTopic(spec, request.data().validateOnly()).handle((created, error) -> {
            if (error != null) {
                return failure(clientName, ApiError.fromThrowable(error.getCause() != null ? error.getCause() : error));
            }
            return success(request.version(), clientName, created);
        });
    }

    private ApiError checkAssignments(CreatableTopic topic) {
        int count = topic.assignments().size();
        for (CreatableReplicaAssignment a : topic.assignments()) {
            if (a.partitionIndex() < 0 || a.partitionIndex() >= count) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Partitions must be numbered 0 to "
                        + (count - 1) + "; got " + a.partitionIndex() + ".");
            }
            if (!a.brokerIds().equals(List.of(metadata.brokerId()))) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Partition " + a.partitionIndex()
                        + " is assigned to brokers " + a.brokerIds() + "; the only broker is " + metadata.brokerId()
                        + ".");
            }
        }
        return null;
    }

    private CreatableTopicResult success(short version, String clientName, TopicImage topic) {
        CreatableTopicResult result = new CreatableTopicResult().setName(clientName)
                .setErrorCode(Errors.NONE.code());
        if (version >= 5) {
            result.setNumPartitions(topic.partitionCount()).setReplicationFactor((short) 1);
            List<CreatableTopicConfigs> configs = new ArrayList<>();
            for (TopicConfigs.Entry entry : topicConfigs.describe(topic.configs())) {
                configs.add(new CreatableTopicConfigs().setName(entry.key().name()).setValue(entry.value())
                        .setConfigSource(entry.source().code()).setReadOnly(false).setIsSensitive(false));
            }
            result.setConfigs(configs);
        }
        if (version >= 7) {
            result.setTopicId(topic.id());
        }
        return result;
    }

    private static CreatableTopicResult failure(String name, ApiError error) {
        return new CreatableTopicResult().setName(name).setTopicId(Uuid.ZERO_UUID).setErrorCode(error.error().code())
                .setErrorMessage(error.message()).setNumPartitions(CreateTopicsRequest.NO_NUM_PARTITIONS)
                .setReplicationFactor(CreateTopicsRequest.NO_REPLICATION_FACTOR);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
