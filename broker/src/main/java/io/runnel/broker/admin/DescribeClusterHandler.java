package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.metadata.MetadataService;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * DescribeCluster v0-2 (AdminClient.describeCluster): cluster id, controller (this broker: it owns the metadata
 * log), brokers on the client's listener. Asking for controller endpoints answers MISMATCHED_ENDPOINT_TYPE, as a
 * Kafka broker does. Runs on the event loop; stateless.
 */
public final class DescribeClusterHandler extends TypedApiHandler<DescribeClusterRequest> {
    private static final byte ENDPOINT_TYPE_BROKERS = 1;

    private final MetadataService metadata;

    public DescribeClusterHandler(MetadataService metadata) {
        super(ApiKeys.DESCRIBE_CLUSTER, DescribeClusterRequest.class, 0, 2);
        this.metadata = metadata;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DescribeClusterRequest request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData().setThrottleTimeMs(0)
                .setClusterAuthorizedOperations(AuthorizedOperations.NOT_REQUESTED);
        if (request.version() >= 1) {
            data.setEndpointType(ENDPOINT_TYPE_BROKERS);
        }
        if (request.version() >= 1 && request.data().endpointType() != ENDPOINT_TYPE_BROKERS) {
            return answer(data.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("This endpoint serves brokers only; the broker is also the controller."));
        }
        if (!ctx.authorize(AclOperation.DESCRIBE, ResourceType.CLUSTER, RequestContext.CLUSTER_RESOURCE)) {
            return answer(data.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        MetadataImage image = metadata.image();
        data.setClusterId(image.clusterId()).setControllerId(metadata.brokerId());
        for (BrokerEndpoints.Endpoint broker : BrokerEndpoints.forListener(image, ctx.listenerName())) {
            data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(broker.brokerId())
                    .setHost(broker.host()).setPort(broker.port()).setRack(broker.rack()));
        }
        if (request.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(AuthorizedOperations.of(ctx, ResourceType.CLUSTER,
                    RequestContext.CLUSTER_RESOURCE, AuthorizedOperations.CLUSTER));
        }
        return answer(data);
    }

    private static CompletableFuture<AbstractResponse> answer(DescribeClusterResponseData data) {
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
