package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.metadata.MetadataService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What AlterConfigs and IncrementalAlterConfigs share: resource checks (topics only: broker configs are static),
 * authorization, and the change through the metadata log, after which the partition layer applies the new topic
 * config live. Stateless.
 */
final class TopicConfigAlterer {
    private final MetadataService metadata;

    TopicConfigAlterer(MetadataService metadata) {
        this.metadata = metadata;
    }

    /** Reads a resource's change to the overrides; throws an ApiException to refuse it before it is tried. */
    interface ChangeReader<R> {
        UnaryOperator<Map<String, String>> change(R resource);
    }

    /**
     * Alters every resource (a resource named twice is refused, as Kafka does) and completes with one error per
     * resource, in request order.
     */
    <R> CompletableFuture<List<ApiError>> alterAll(RequestContext ctx, List<R> resources, ToIntFunction<R> type,
            Function<R, String> name, ChangeReader<R> reader, boolean validateOnly) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (R resource : resources) {
            String key = (byte) type.applyAsInt(resource) + "/" + name.apply(resource);
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        List<CompletableFuture<ApiError>> results = new ArrayList<>(resources.size());
        for (R resource : resources) {
            if (duplicates.contains((byte) type.applyAsInt(resource) + "/" + name.apply(resource))) {
                results.add(done(new ApiError(Errors.INVALID_REQUEST, "Resource appears more than once.")));
                continue;
            }
            UnaryOperator<Map<String, String>> change;
            try {
                change = reader.change(resource);
            } catch (ApiException e) {
                results.add(done(ApiError.fromThrowable(e)));
                continue;
            }
            results.add(alter(ctx, (byte) type.applyAsInt(resource), name.apply(resource), change, validateOnly));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
    }

    CompletableFuture<ApiError> alter(RequestContext ctx, byte resourceType, String resourceName,
            UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        if (type == ConfigResource.Type.BROKER) {
            return done(new ApiError(Errors.INVALID_REQUEST, "Broker configuration is static: set it in the "
                    + "broker's config file (or --override) and restart."));
        }
        if (type != ConfigResource.Type.TOPIC) {
            return done(new ApiError(Errors.INVALID_REQUEST, "Altering configs of resource type " + type
                    + " is not supported."));
        }
        String name = ctx.toInternal(ResourceType.TOPIC, resourceName);
        if (!ctx.authorize(AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, name)) {
            return done(new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, null));
        }
        return metadata.alterTopicConfigs(name, change, validateOnly).handle((topic, failure) -> failure == null
                ? ApiError.NONE : ApiError.fromThrowable(failure.getCause() != null ? failure.getCause() : failure));
    }

    static CompletableFuture<ApiError> done(ApiError error) {
        return CompletableFuture.completedFuture(error);
    }
}
