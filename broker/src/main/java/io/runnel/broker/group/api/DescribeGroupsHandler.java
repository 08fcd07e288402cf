package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/** DescribeGroups v0-6: classic groups in full; consumer-protocol groups with their members (no metadata). */
public final class DescribeGroupsHandler extends GroupApiHandler<DescribeGroupsRequest> {

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.DESCRIBE_GROUPS, DescribeGroupsRequest.class, 0, 6);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DescribeGroupsRequest request) {
        short version = ctx.apiVersion();
        List<CompletableFuture<DescribedGroup>> futures = new ArrayList<>();
        for (String clientGroupId : request.data().groups()) {
            String group = internalGroup(ctx, clientGroupId);
            if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
                futures.add(CompletableFuture.completedFuture(DescribeGroupsResponse.groupError(clientGroupId,
                        Errors.GROUP_AUTHORIZATION_FAILED)));
                continue;
            }
            futures.add(coordinator.run(group, shard -> shard.describeGroup(group)).handle((g, e) -> {
                if (e != null) {
                    return DescribeGroupsResponse.groupError(clientGroupId, errorOf(e));
                }
                g.setGroupId(clientGroupId);
                if (version >= 6 && "Dead".equals(g.groupState())) {
                    g.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + clientGroupId
                            + " not found.");
                }
                return g;
            }));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<DescribedGroup> groups = new ArrayList<>();
            futures.forEach(f -> groups.add(f.join()));
            return new DescribeGroupsResponse(new DescribeGroupsResponseData().setGroups(groups));
        });
    }
}
