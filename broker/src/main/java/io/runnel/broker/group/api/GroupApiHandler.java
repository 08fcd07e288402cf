package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.GroupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Base of the group API handlers: the protocol edge of the group coordinator. Maps group ids through the naming
 * seam, checks the authorizer, and turns the coordinator's typed {@link GroupException}s into Kafka error codes
 * (the one place they become codes). Handlers only enqueue work on coordinator shards: never blocking the event
 * loop. Stateless, thread-safe.
 */
abstract class GroupApiHandler<Q extends AbstractRequest> extends TypedApiHandler<Q> {
    protected final GroupCoordinator coordinator;

    GroupApiHandler(GroupCoordinator coordinator, ApiKeys key, Class<Q> type, int minVersion, int maxVersion) {
        super(key, type, minVersion, maxVersion);
        this.coordinator = coordinator;
    }

    static String internalGroup(RequestContext ctx, String groupId) {
        return groupId == null ? null : ctx.toInternal(ResourceType.GROUP, groupId);
    }

    static String clientGroup(RequestContext ctx, String internal) {
        return ctx.names().toClient(ctx, ResourceType.GROUP, internal).orElse(internal);
    }

    static String internalTopic(RequestContext ctx, String topic) {
        return topic == null ? null : ctx.toInternal(ResourceType.TOPIC, topic);
    }

    static String clientTopic(RequestContext ctx, String internal) {
        return internal == null ? null : ctx.names().toClient(ctx, ResourceType.TOPIC, internal).orElse(internal);
    }

    static boolean authorized(RequestContext ctx, AclOperation op, String internalGroup) {
        return ctx.authorize(op, ResourceType.GROUP, internalGroup);
    }

    static String clientHost(RequestContext ctx) {
        return ctx.clientAddress() == null ? "" : "/" + ctx.clientAddress().getHostAddress();
    }

    /** The Kafka error for a failure of a coordinator operation. */
    static Errors errorOf(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof GroupException ge) {
            return ge.error();
        }
        return Errors.forException(cause);
    }

    static String messageOf(Throwable t) {
        return unwrap(t).getMessage();
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The API exception to answer for a failure: the framework builds the request's error response from it. */
    static Throwable toApiException(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof GroupException ge) {
            return ge.error().exception(ge.getMessage());
        }
        return cause;
    }

    /** Success -> {@code onValue}; failure -> the request's error response for the mapped error. */
    static <T> CompletableFuture<AbstractResponse> respond(AbstractRequest request, CompletableFuture<T> future,
                                                         Function<T, AbstractResponse> onValue) {
        return future.handle((value, error) -> {
            if (error == null) {
                return onValue.apply(value);
            }
            Throwable api = toApiException(error);
            if (!(api instanceof ApiException)) {
                throw new CompletionException(api);
            }
            return request.getErrorResponse(0, api);
        });
    }
}
