package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.metadata.MetadataService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * CreatePartitions v0-3: grows topics (never shrinks), validate_only too. New partitions lead on this broker with
 * leader epoch 0. Stateless; results complete on the metadata thread.
 */
public final class CreatePartitionsHandler extends TypedApiHandler<CreatePartitionsRequest> {
    private final MetadataService metadata;

    public CreatePartitionsHandler(MetadataService metadata) {
        super(ApiKeys.CREATE_PARTITIONS, CreatePartitionsRequest.class, 0, 3);
        this.metadata = metadata;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, CreatePartitionsRequest request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        request.data().topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        });
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.data().topics()) {
            if (duplicates.contains(topic.name())) {
                results.add(done(result(topic.name(), new ApiError(Errors.INVALID_REQUEST,
                        "Topic '" + topic.name() + "' appears more than once."))));
            } else {
                results.add(grow(ctx, request.data().validateOnly(), topic));
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            CreatePartitionsResponseData data = new CreatePartitionsResponseData().setThrottleTimeMs(0);
            results.forEach(r -> data.results().add(r.join()));
            return new CreatePartitionsResponse(data);
        });
    }

    private CompletableFuture<CreatePartitionsTopicResult> grow(RequestContext ctx, boolean validateOnly,
            CreatePartitionsTopic topic) {
        String name = ctx.toInternal(ResourceType.TOPIC, topic.name());
        if (!ctx.authorize(AclOperation.ALTER, ResourceType.TOPIC, name)) {
            return done(result(topic.name(), new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, null)));
        }
        if (topic.assignments() != null) {
            for (CreatePartitionsAssignment a : topic.assignments()) {
                if (!a.brokerIds().equals(List.of(metadata.brokerId()))) {
                    return done(result(topic.name(), new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "New partitions can only be assigned to broker " + metadata.brokerId() + ", not "
                                    + a.brokerIds() + ".")));
                }
            }
        }
        return metadata.createPartitions(name, topic.count(), validateOnly).handle((grown, failure) ->
                result(topic.name(), failure == null ? ApiError.NONE
                        : ApiError.fromThrowable(failure.getCause() != null ? failure.getCause() : failure)));
    }

    private static CreatePartitionsTopicResult result(String name, ApiError error) {
        return new CreatePartitionsTopicResult().setName(name).setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
