package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * DeleteTopics v1-6, by name and (v6) by topic id. Internal topics are refused: the coordinators own them.
 * Stateless; results complete on the metadata thread after the partition layer has dropped the partitions.
 */
public final class DeleteTopicsHandler extends TypedApiHandler<DeleteTopicsRequest> {
    private final MetadataService metadata;
    private final BrokerConfig config;

    public DeleteTopicsHandler(MetadataService metadata, BrokerConfig config) {
        super(ApiKeys.DELETE_TOPICS, DeleteTopicsRequest.class, 1, 6);
        this.metadata = metadata;
        this.config = config;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DeleteTopicsRequest request) {
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        for (DeleteTopicState state : request.topics()) {
            results.add(delete(ctx, request.version(), state));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            DeleteTopicsResponseData data = new DeleteTopicsResponseData().setThrottleTimeMs(0);
            results.forEach(r -> data.responses().add(r.join()));
            return new DeleteTopicsResponse(data);
        });
    }

    private CompletableFuture<DeletableTopicResult> delete(RequestContext ctx, short version, DeleteTopicState state) {
        boolean byId = (state.name() == null || state.name().isEmpty()) && !Uuid.ZERO_UUID.equals(state.topicId());
        String clientName = state.name();
        DeletableTopicResult result = new DeletableTopicResult().setName(clientName)
                .setTopicId(version >= 6 ? state.topicId() : Uuid.ZERO_UUID);
        Optional<TopicImage> topic = byId ? metadata.image().topic(state.topicId())
                : metadata.image().topic(ctx.toInternal(ResourceType.TOPIC, clientName));
        if (byId && topic.isPresent()) {
            Optional<String> visible = ctx.toClient(ResourceType.TOPIC, topic.get().name());
            topic = visible.isPresent() ? topic : Optional.empty();
            result.setName(visible.orElse(null));
        }
        if (!config.get(BrokerConfig.DELETE_TOPIC_ENABLE)) {
            return done(error(result, version, new ApiError(Errors.TOPIC_DELETION_DISABLED, null)));
        }
        String internalName = topic.map(TopicImage::name).orElse(byId ? null
                : ctx.toInternal(ResourceType.TOPIC, clientName));
        if (internalName != null && !ctx.authorize(AclOperation.DELETE, ResourceType.TOPIC, internalName)) {
            return done(error(result, version, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, null)));
        }
        if (topic.isEmpty()) {
            return done(error(result, version, new ApiError(byId ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION, null)));
        }
        if (topic.get().internal()) {
            return done(error(result, version, new ApiError(Errors.INVALID_TOPIC_EXCEPTION,
                    "Internal topic '" + topic.get().name() + "' cannot be deleted.")));
        }
        if (version >= 6) {
            result.setTopicId(topic.get().id());
        }
        return metadata.deleteTopic(topic.get().id()).handle((deleted, failure) -> failure == null
                ? result.setErrorCode(Errors.NONE.code())
                : error(result, version, ApiError.fromThrowable(failure.getCause() != null ? failure.getCause()
                        : failure)));
    }

    private static DeletableTopicResult error(DeletableTopicResult result, short version, ApiError error) {
        result.setErrorCode(error.error().code());
        if (version >= 5) {
            result.setErrorMessage(error.message());
        }
        return result;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
