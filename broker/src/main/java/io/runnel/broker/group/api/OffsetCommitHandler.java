package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit v2-10 (topic ids from v10): answered once the offset records are durable. Request-level errors
 * (unknown member, illegal generation, stale member epoch...) are set on every partition.
 */
public final class OffsetCommitHandler extends GroupApiHandler<OffsetCommitRequest> {

    public OffsetCommitHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.OFFSET_COMMIT, OffsetCommitRequest.class, 2, 10);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, OffsetCommitRequest request) {
        short version = ctx.apiVersion();
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(request.getErrorResponse(0, new GroupAuthorizationException(
                    "Not authorized to group " + request.data().groupId())));
        }
        request.data().setGroupId(group);
        if (version < 10) {
            for (OffsetCommitRequestTopic t : request.data().topics()) {
                t.setName(internalTopic(ctx, t.name()));
            }
        }
        long nowMs = ctx.time().nowMs();
        return respond(request, coordinator.run(group, shard -> shard.offsets().commit(request.data(), version, nowMs)),
                r -> {
                    if (version < 10) {
                        for (OffsetCommitResponseTopic t : r.topics()) {
                            t.setName(clientTopic(ctx, t.name()));
                        }
                    }
                    return new OffsetCommitResponse(r);
                });
    }
}
