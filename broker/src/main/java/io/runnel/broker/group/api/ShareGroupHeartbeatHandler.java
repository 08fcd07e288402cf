package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;

/** ShareGroupHeartbeat v1 (KIP-932; the client generates its member id). */
public final class ShareGroupHeartbeatHandler extends GroupApiHandler<ShareGroupHeartbeatRequest> {

    public ShareGroupHeartbeatHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.SHARE_GROUP_HEARTBEAT, ShareGroupHeartbeatRequest.class, 1, 1);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ShareGroupHeartbeatRequest request) {
        String group = internalGroup(ctx, request.data().groupId());
        if (!authorized(ctx, AclOperation.READ, group)) {
            return CompletableFuture.completedFuture(error(Errors.GROUP_AUTHORIZATION_FAILED, null));
        }
        request.data().setGroupId(group);
        if (request.data().subscribedTopicNames() != null) {
            List<String> topics = new ArrayList<>();
            for (String t : request.data().subscribedTopicNames()) {
                topics.add(internalTopic(ctx, t));
            }
            request.data().setSubscribedTopicNames(topics);
        }
        String host = clientHost(ctx);
        long nowMs = ctx.time().nowMs();
        return coordinator.run(group, shard -> shard.share().heartbeat(ctx.clientId(), host, request.data(), nowMs))
                .handle((r, e) -> e == null ? new ShareGroupHeartbeatResponse(r) : error(errorOf(e), messageOf(e)));
    }

    private static AbstractResponse error(Errors error, String message) {
        return new ShareGroupHeartbeatResponse(new ShareGroupHeartbeatResponseData()
                .setErrorCode(error.code()).setErrorMessage(message));
    }
}
