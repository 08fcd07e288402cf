package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/** JoinGroup v0-9: the response is parked until the group's join phase completes. */
public final class JoinGroupHandler extends GroupApiHandler<JoinGroupRequest> {

    public JoinGroupHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.JOIN_GROUP, JoinGroupRequest.class, 0, 9);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, JoinGroupRequest request) {
        short version = ctx.apiVersion();
        JoinGroupRequestData data = request.data();
        String clientGroupId = data.groupId();
        String group = internalGroup(ctx, clientGroupId);
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to join group " + clientGroupId)));
        }
        data.setGroupId(group);
        String host = clientHost(ctx);
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.runParked(group,
                shard -> shard.classic().joinGroup(ctx.clientId(), host, data, version, nowMs)), r -> {
                    if (version < 7) {
                        // Before v7 the protocol name is not nullable and the protocol type not on the wire.
                        r.setProtocolName(r.protocolName() == null ? "" : r.protocolName()).setProtocolType(null);
                    }
                    return new JoinGroupResponse(r, version);
                });
    }
}
