package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareGroupDescribeRequest;
import org.apache.kafka.common.requests.ShareGroupDescribeResponse;

/** ShareGroupDescribe v1 (AdminClient#describeShareGroups). */
public final class ShareGroupDescribeHandler extends GroupApiHandler<ShareGroupDescribeRequest> {

    public ShareGroupDescribeHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.SHARE_GROUP_DESCRIBE, ShareGroupDescribeRequest.class, 1, 1);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ShareGroupDescribeRequest request) {
        List<CompletableFuture<DescribedGroup>> futures = new ArrayList<>();
        for (String clientGroupId : request.data().groupIds()) {
            String group = internalGroup(ctx, clientGroupId);
            if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
                futures.add(CompletableFuture.completedFuture(new DescribedGroup().setGroupId(clientGroupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                continue;
            }
            futures.add(coordinator.run(group, shard -> shard.share().describe(group)).handle((g, e) -> {
                DescribedGroup out = e != null ? new DescribedGroup().setErrorCode(errorOf(e).code())
                        .setErrorMessage(messageOf(e)) : g;
                out.setGroupId(clientGroupId);
                out.members().forEach(m -> {
                    m.setSubscribedTopicNames(m.subscribedTopicNames().stream().map(t -> clientTopic(ctx, t)).toList());
                    m.assignment().topicPartitions().forEach(tp -> tp.setTopicName(clientTopic(ctx, tp.topicName())));
                });
                return out;
            }));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<DescribedGroup> groups = new ArrayList<>();
            futures.forEach(f -> groups.add(f.join()));
            return new ShareGroupDescribeResponse(new ShareGroupDescribeResponseData().setGroups(groups));
        });
    }
}
