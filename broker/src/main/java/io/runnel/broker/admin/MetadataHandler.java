package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.PartitionImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.metadata.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Metadata v0-13: brokers (the endpoint of the listener the client came in on), cluster id, and the requested
 * topics (all when none are named) with topic ids, partitions, leaders and leader epochs.
 *
 * <p>A requested topic that does not exist is created when {@code auto.create.topics.enable} is on and the client
 * allows it (v4+; older versions always allow), with {@code num.partitions} partitions; the response waits for the
 * creation (one metadata fsync) and describes the new topic, so clients need no retry round. Internal topics
 * ({@code __...}) are never auto-created here.
 *
 * <p>Runs on the event loop when nothing is created; creation completes on the metadata thread. Stateless.
 */
public final class MetadataHandler extends TypedApiHandler<MetadataRequest> {
    private final MetadataService metadata;
    private final BrokerConfig config;

    public MetadataHandler(MetadataService metadata, BrokerConfig config) {
        super(ApiKeys.METADATA, MetadataRequest.class, 0, 13);
        this.metadata = metadata;
        this.config = config;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, MetadataRequest request) {
        if (request.isAllTopics()) {
            return CompletableFuture.completedFuture(respond(ctx, request, allTopics(ctx, metadata.image())));
        }
        boolean autoCreate = config.get(BrokerConfig.AUTO_CREATE_TOPICS)
                && (request.version() < 4 || request.data().allowAutoTopicCreation());
        List<CompletableFuture<MetadataResponseTopic>> topics = new ArrayList<>();
        for (MetadataRequestTopic requested : request.data().topics()) {
            topics.add(describeRequested(ctx, requested, autoCreate));
        }
        return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<MetadataResponseTopic> out = new ArrayList<>(topics.size());
            topics.forEach(t -> out.add(t.join()));
            return respond(ctx, request, out);
        });
    }

    private List<MetadataResponseTopic> allTopics(RequestContext ctx, MetadataImage image) {
        List<MetadataResponseTopic> out = new ArrayList<>();
        for (TopicImage topic : image.topics()) {
            Optional<String> visible = ctx.toClient(ResourceType.TOPIC, topic.name());
            if (visible.isPresent() && ctx.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name())) {
                out.add(describe(ctx, topic, visible.get()));
            }
        }
        return out;
    }

    private CompletableFuture<MetadataResponseTopic> describeRequested(RequestContext ctx,
            MetadataRequestTopic requested, boolean autoCreate) {
        MetadataImage image = metadata.image();
        // By id (v10+): clients leave the name null or empty and set the id.
        if (requested.name() == null || (requested.name().isEmpty() && !Uuid.ZERO_UUID.equals(requested.topicId()))) {
            Uuid id = requested.topicId();
            TopicImage topic = image.topic(id).orElse(null);
            if (topic == null || ctx.toClient(ResourceType.TOPIC, topic.name()).isEmpty()) {
                return done(error(null, id, Errors.UNKNOWN_TOPIC_ID));
            }
            if (!ctx.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name())) {
                return done(error(null, id, Errors.TOPIC_AUTHORIZATION_FAILED));
            }
            return done(describe(ctx, topic, ctx.toClient(ResourceType.TOPIC, topic.name()).get()));
        }
        String clientName = requested.name();
        String name = ctx.toInternal(ResourceType.TOPIC, clientName);
        if (!ctx.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
            return done(error(clientName, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED));
        }
        Optional<TopicImage> existing = image.topic(name);
        if (existing.isPresent()) {
            return done(describe(ctx, existing.get(), clientName));
        }
        if (!Topic.isValid(name)) {
            return done(error(clientName, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION));
        }
        if (!autoCreate || Topic.isInternal(name) || name.startsWith("__")) {
            return done(error(clientName, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (!ctx.authorize(AclOperation.CREATE, ResourceType.CLUSTER, RequestContext.CLUSTER_RESOURCE)
                && !ctx.authorize(AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return done(error(clientName, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED));
        }
        TopicSpec spec = new TopicSpec(name, config.get(BrokerConfig.NUM_PARTITIONS), Map.of(), false);
        return metadata.getOrCreate(spec).handle((created, failure) -> {
            if (failure == null) {
                return describe(ctx, created, clientName);
            }
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TopicExistsException) {
                return error(clientName, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE);
            }
            return error(clientName, Uuid.ZERO_UUID, ApiError.fromThrowable(cause).error());
        });
    }

    private static CompletableFuture<MetadataResponseTopic> done(MetadataResponseTopic topic) {
        return CompletableFuture.completedFuture(topic);
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(RequestContext ctx, TopicImage topic, String clientName) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitionCount());
        for (PartitionImage p : topic.partitions()) {
            List<Integer> replicas = List.of(p.leaderId());
            partitions.add(new MetadataResponsePartition()
                    .setPartitionIndex(p.partition())
                    .setLeaderId(p.leaderId())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(replicas)
                    .setIsrNodes(replicas)
                    .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .setName(clientName)
                .setTopicId(topic.id())
                .setIsInternal(topic.internal())
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(AuthorizedOperations.NOT_REQUESTED);
    }

    private MetadataResponse respond(RequestContext ctx, MetadataRequest request, List<MetadataResponseTopic> topics) {
        MetadataImage image = metadata.image();
        MetadataResponseData data = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(image.clusterId())
                .setControllerId(metadata.brokerId())
                .setClusterAuthorizedOperations(AuthorizedOperations.NOT_REQUESTED);
        for (BrokerEndpoints.Endpoint broker : BrokerEndpoints.forListener(image, ctx.listenerName())) {
            data.brokers().add(new MetadataResponseBroker().setNodeId(broker.brokerId()).setHost(broker.host())
                    .setPort(broker.port()).setRack(broker.rack()));
        }
        boolean topicOps = request.version() >= 8 && request.data().includeTopicAuthorizedOperations();
        for (MetadataResponseTopic topic : topics) {
            if (topicOps && topic.errorCode() == Errors.NONE.code()) {
                String internal = ctx.toInternal(ResourceType.TOPIC, topic.name());
                topic.setTopicAuthorizedOperations(
                        AuthorizedOperations.of(ctx, ResourceType.TOPIC, internal, AuthorizedOperations.TOPIC));
            }
            if (request.version() < 10) {
                topic.setTopicId(Uuid.ZERO_UUID);
            }
            data.topics().add(topic);
        }
        if (request.version() >= 8 && request.version() <= 10 && request.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(AuthorizedOperations.of(ctx, ResourceType.CLUSTER,
                    RequestContext.CLUSTER_RESOURCE, AuthorizedOperations.CLUSTER));
        }
        return new MetadataResponse(data, request.version());
    }
}
