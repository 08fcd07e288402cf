package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/** DeleteGroups v0-3: empty groups and their offsets are deleted with tombstones; NON_EMPTY_GROUP otherwise. */
public final class DeleteGroupsHandler extends GroupApiHandler<DeleteGroupsRequest> {

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.DELETE_GROUPS, DeleteGroupsRequest.class, 0, 3);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DeleteGroupsRequest request) {
        short version = ctx.apiVersion();
        List<CompletableFuture<DeletableGroupResult>> futures = new ArrayList<>();
        for (String clientGroupId : request.data().groupsNames()) {
            String group = internalGroup(ctx, clientGroupId);
            if (!authorized(ctx, AclOperation.DELETE, group)) {
                futures.add(CompletableFuture.completedFuture(new DeletableGroupResult().setGroupId(clientGroupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                continue;
            }
            long nowMs = ctx.time().nowMs();
            futures.add(coordinator.run(group, shard -> shard.deleteGroup(group, nowMs)).handle((r, e) -> {
                DeletableGroupResult out = e != null
                        ? new DeletableGroupResult().setErrorCode(errorOf(e).code()) : r;
                out.setGroupId(clientGroupId);
                if (version < 3) {
                    out.setErrorMessage(null);
                }
                return out;
            }));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            DeletableGroupResultCollection results = new DeletableGroupResultCollection();
            futures.forEach(f -> results.add(f.join()));
            return new DeleteGroupsResponse(new DeleteGroupsResponseData().setResults(results));
        });
    }
}
