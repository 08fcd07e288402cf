package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/** OffsetDelete v0: offsets of topics the group does not subscribe to are deleted (tombstones). */
public final class OffsetDeleteHandler extends GroupApiHandler<OffsetDeleteRequest> {

    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.OFFSET_DELETE, OffsetDeleteRequest.class, 0, 0);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, OffsetDeleteRequest request) {
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.DELETE, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to group " + request.data().groupId())));
        }
        request.data().setGroupId(group);
        for (OffsetDeleteRequestTopic t : request.data().topics()) {
            t.setName(internalTopic(ctx, t.name()));
        }
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.run(group, shard -> shard.offsets().delete(request.data(), nowMs)), r -> {
            for (OffsetDeleteResponseTopic t : r.topics()) {
                t.setName(clientTopic(ctx, t.name()));
            }
            return new OffsetDeleteResponse(r);
        });
    }
}
