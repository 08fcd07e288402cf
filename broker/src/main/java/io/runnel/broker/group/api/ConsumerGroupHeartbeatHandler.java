package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/** ConsumerGroupHeartbeat v0-1 (KIP-848, {@code group.protocol=consumer}). */
public final class ConsumerGroupHeartbeatHandler extends GroupApiHandler<ConsumerGroupHeartbeatRequest> {

    public ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.CONSUMER_GROUP_HEARTBEAT, ConsumerGroupHeartbeatRequest.class, 0, 1);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
                                                              ConsumerGroupHeartbeatRequest request) {
        short version = ctx.apiVersion();
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(error(Errors.GROUP_AUTHORIZATION_FAILED, null));
        }
        request.data().setGroupId(group);
        String host = clientHost(ctx);
        long nowMs = ctx.time().nowMs();
        return coordinator.run(group, shard -> shard.consumer().heartbeat(ctx.clientId(), host, request.data(),
                version, nowMs)).handle((r, e) -> e == null ? new ConsumerGroupHeartbeatResponse(r)
                : error(errorOf(e), messageOf(e)));
    }

    private static AbstractResponse error(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponse(new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(error.code()).setErrorMessage(message));
    }
}
