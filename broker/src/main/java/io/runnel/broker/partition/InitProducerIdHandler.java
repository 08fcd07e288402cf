package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * InitProducerId v0-5 for idempotent producers: a fresh producer id (never reused, see {@link ProducerIdManager})
 * with epoch 0, whatever id/epoch the request carries (an idempotent producer that lost its sequence state simply
 * starts over with a new id). Transactional ids need a transaction coordinator, which this broker does not have
 * yet: they are answered UNSUPPORTED_VERSION, which the client reports as an unsupported feature instead of
 * retrying forever. Runs on the I/O executor (a block reservation fsyncs). Stateless apart from the allocator.
 */
public final class InitProducerIdHandler extends TypedApiHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        super(ApiKeys.INIT_PRODUCER_ID, InitProducerIdRequest.class, 0, 5);
        this.producerIds = producerIds;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, InitProducerIdRequest request) {
        InitProducerIdResponseData data = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (request.data().transactionalId() != null) {
            return done(data.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
        }
        if (!ctx.authorize(AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, RequestContext.CLUSTER_RESOURCE)) {
            return done(data.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InitProducerIdResponse(data.setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0));
            } catch (RuntimeException e) {
                return new InitProducerIdResponse(data.setErrorCode(
                        PartitionErrors.toError(e, "producer id allocation").code()));
            }
        }, ctx.ioExecutor());
    }

    private static CompletableFuture<AbstractResponse> done(InitProducerIdResponseData data) {
        return CompletableFuture.completedFuture(new InitProducerIdResponse(data));
    }
}
