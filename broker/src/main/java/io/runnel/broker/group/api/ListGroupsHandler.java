package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ListGroups v0-5 with state (v4) and type (v5) filters over every loaded shard. Groups the principal may not
 * describe are left out (unless it may describe the cluster); a shard still loading makes the answer partial with
 * COORDINATOR_LOAD_IN_PROGRESS, as Kafka does.
 */
public final class ListGroupsHandler extends GroupApiHandler<ListGroupsRequest> {

    public ListGroupsHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.LIST_GROUPS, ListGroupsRequest.class, 0, 5);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ListGroupsRequest request) {
        Set<String> states = new HashSet<>(request.data().statesFilter());
        Set<String> types = new HashSet<>(request.data().typesFilter());
        boolean describeCluster = ctx.authorize(AclOperation.DESCRIBE, ResourceType.CLUSTER,
                RequestContext.CLUSTER_RESOURCE);
        List<CompletableFuture<List<ListedGroup>>> futures = coordinator.runOnAll(
                shard -> shard.listGroups(states, types));
        List<CompletableFuture<List<ListedGroup>>> safe = new ArrayList<>();
        futures.forEach(f -> safe.add(f.exceptionally(e -> null)));
        return CompletableFuture.allOf(safe.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<ListedGroup> out = new ArrayList<>();
            Errors error = Errors.NONE;
            for (CompletableFuture<List<ListedGroup>> f : safe) {
                List<ListedGroup> groups = f.join();
                if (groups == null) {
                    error = Errors.COORDINATOR_LOAD_IN_PROGRESS;
                    continue;
                }
                for (ListedGroup g : groups) {
                    if (describeCluster || authorized(ctx, AclOperation.DESCRIBE, g.groupId())) {
                        out.add(g.setGroupId(clientGroup(ctx, g.groupId())));
                    }
                }
            }
            return new ListGroupsResponse(new ListGroupsResponseData().setErrorCode(error.code()).setGroups(out));
        });
    }
}
