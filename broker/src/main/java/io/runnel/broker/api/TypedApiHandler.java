package io.runnel.broker.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Convenience base for handlers: declares key and versions once and receives the request already cast.
 * Thread-safety as for {@link ApiHandler}.
 *
 * @param <Q> the request class of {@link #apiKey()}
 */
public abstract class TypedApiHandler<Q extends AbstractRequest> implements ApiHandler {
    private final ApiKeys apiKey;
    private final Class<Q> requestClass;
    private final short minVersion;
    private final short maxVersion;

    protected TypedApiHandler(ApiKeys apiKey, Class<Q> requestClass, int minVersion, int maxVersion) {
        this.apiKey = apiKey;
        this.requestClass = requestClass;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    @Override
    public final ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public final short minVersion() {
        return minVersion;
    }

    @Override
    public final short maxVersion() {
        return maxVersion;
    }

    @Override
    public final CompletableFuture<AbstractResponse> handle(RequestContext ctx, AbstractRequest request) {
        return handleTyped(ctx, requestClass.cast(request));
    }

    protected abstract CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, Q request);
}
