package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/** LeaveGroup v0-5 (a batch of members, by member id or group instance id, from v3). */
public final class LeaveGroupHandler extends GroupApiHandler<LeaveGroupRequest> {

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.LEAVE_GROUP, LeaveGroupRequest.class, 0, 5);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, LeaveGroupRequest request) {
        short version = ctx.apiVersion();
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to group " + request.data().groupId())));
        }
        request.data().setGroupId(group);
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.run(group,
                shard -> shard.classic().leaveGroup(request.data(), version, nowMs)),
                r -> new LeaveGroupResponse(r, version));
    }
}
