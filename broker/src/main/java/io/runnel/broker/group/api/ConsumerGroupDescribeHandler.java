package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;

/**
 * ConsumerGroupDescribe v0-1. A classic group answers GROUP_ID_NOT_FOUND ("not a consumer group"), which makes
 * the admin client fall back to DescribeGroups.
 */
public final class ConsumerGroupDescribeHandler extends GroupApiHandler<ConsumerGroupDescribeRequest> {

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.CONSUMER_GROUP_DESCRIBE, ConsumerGroupDescribeRequest.class, 0, 1);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
                                                              ConsumerGroupDescribeRequest request) {
        short version = ctx.apiVersion();
        List<CompletableFuture<DescribedGroup>> futures = new ArrayList<>();
        for (String clientGroupId : request.data().groupIds()) {
            String group = internalGroup(ctx, clientGroupId);
            if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
                futures.add(CompletableFuture.completedFuture(new DescribedGroup().setGroupId(clientGroupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                continue;
            }
            futures.add(coordinator.run(group, shard -> shard.consumer().describe(group)).handle((g, e) -> {
                DescribedGroup out = e != null ? new DescribedGroup().setErrorCode(errorOf(e).code())
                        .setErrorMessage(messageOf(e)) : g;
                out.setGroupId(clientGroupId);
                if (version < 1) {
                    out.members().forEach(m -> m.setMemberType((byte) -1));
                }
                return out;
            }));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<DescribedGroup> groups = new ArrayList<>();
            futures.forEach(f -> groups.add(f.join()));
            return new ConsumerGroupDescribeResponse(new ConsumerGroupDescribeResponseData().setGroups(groups));
        });
    }
}
