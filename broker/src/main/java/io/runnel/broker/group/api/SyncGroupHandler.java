package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/** SyncGroup v0-5: followers' responses are parked until the leader's assignment is stored. */
public final class SyncGroupHandler extends GroupApiHandler<SyncGroupRequest> {

    public SyncGroupHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.SYNC_GROUP, SyncGroupRequest.class, 0, 5);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, SyncGroupRequest request) {
        short version = ctx.apiVersion();
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to sync group " + request.data().groupId())));
        }
        request.data().setGroupId(group);
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.runParked(group,
                shard -> shard.classic().syncGroup(request.data(), nowMs)), r -> {
                    if (version < 5) {
                        r.setProtocolType(null).setProtocolName(null);
                    }
                    return new SyncGroupResponse(r);
                });
    }
}
