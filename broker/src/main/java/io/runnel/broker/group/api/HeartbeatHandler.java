package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat v0-4 of classic group members. */
public final class HeartbeatHandler extends GroupApiHandler<HeartbeatRequest> {

    public HeartbeatHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.HEARTBEAT, HeartbeatRequest.class, 0, 4);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, HeartbeatRequest request) {
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to group " + request.data().groupId())));
        }
        request.data().setGroupId(group);
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.run(group, shard -> shard.classic().heartbeat(request.data(), nowMs)),
                HeartbeatResponse::new);
    }
}
