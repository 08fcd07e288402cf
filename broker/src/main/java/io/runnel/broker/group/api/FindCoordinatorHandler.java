package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.metadata.BrokerRegistration;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.network.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator v0-6 for key type GROUP (batched keys from v4): this broker, on the listener the request came
 * in on, once the group's shard is loaded; COORDINATOR_NOT_AVAILABLE while the offsets topic is being created or
 * the shard loads (clients retry). Other key types (transactions, share) are not served here: INVALID_REQUEST.
 */
public final class FindCoordinatorHandler extends GroupApiHandler<FindCoordinatorRequest> {
    private final MetadataService metadata;

    public FindCoordinatorHandler(GroupCoordinator coordinator, MetadataService metadata) {
        super(coordinator, ApiKeys.FIND_COORDINATOR, FindCoordinatorRequest.class, 0, 6);
        this.metadata = metadata;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, FindCoordinatorRequest request) {
        short version = ctx.apiVersion();
        byte keyType = version >= 1 ? request.data().keyType() : FindCoordinatorRequest.CoordinatorType.GROUP.id();
        List<String> keys = version >= 4 ? request.data().coordinatorKeys() : List.of(request.data().key());
        Listener endpoint = endpoint(ctx);
        List<Coordinator> out = new ArrayList<>();
        for (String key : keys) {
            out.add(find(ctx, keyType, key, endpoint));
        }
        FindCoordinatorResponseData data = new FindCoordinatorResponseData();
        if (version >= 4) {
            data.setCoordinators(out);
        } else {
            Coordinator c = out.get(0);
            data.setErrorCode(c.errorCode()).setErrorMessage(version >= 1 ? c.errorMessage() : null)
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(data));
    }

    private Coordinator find(RequestContext ctx, byte keyType, String key, Listener endpoint) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Coordinator key type " + keyType + " is not supported by this broker");
        }
        String group = internalGroup(ctx, key);
        if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
            return c.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
        }
        if (!coordinator.isReady(group) || endpoint == null) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("The group coordinator is loading");
        }
        return c.setErrorCode(Errors.NONE.code()).setNodeId(metadata.brokerId()).setHost(endpoint.host())
                .setPort(endpoint.port());
    }

    private Listener endpoint(RequestContext ctx) {
        BrokerRegistration self = metadata.image().brokers().get(metadata.brokerId());
        if (self == null || self.endpoints().isEmpty()) {
            return null;
        }
        for (Listener l : self.endpoints()) {
            if (l.name().equals(ctx.listenerName())) {
                return l;
            }
        }
        return self.endpoints().get(0);
    }
}
