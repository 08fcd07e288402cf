package io.runnel.broker.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions: answers the registry's advertised version table. A request version above what we advertise never
 * reaches {@link #handle}: the connection answers {@link #unsupportedVersion(ApiHandlerRegistry)} at v0 (KIP-511)
 * so that the client learns our range and retries. Stateless; runs on the event loop.
 */
public final class ApiVersionsHandler extends TypedApiHandler<ApiVersionsRequest> {
    /** v0-5: kafka-clients 4.x sends v5; librdkafka 2.x and kafka-python start at v3/v0. */
    static final int MIN_VERSION = 0;
    static final int MAX_VERSION = 5;

    private final ApiHandlerRegistry registry;

    public ApiVersionsHandler(ApiHandlerRegistry registry) {
        super(ApiKeys.API_VERSIONS, ApiVersionsRequest.class, MIN_VERSION, MAX_VERSION);
        this.registry = registry;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ApiVersionsRequest request) {
        if (request.version() >= 3 && !request.isValid()) {
            // Client software name/version must match the pattern KIP-511 defines.
            return CompletableFuture.completedFuture(
                    request.getErrorResponse(0, Errors.INVALID_REQUEST.exception()));
        }
        return CompletableFuture.completedFuture(answer(registry, Errors.NONE));
    }

    /** The v0-encodable answer to an ApiVersions version we do not know (KIP-511). */
    public static ApiVersionsResponse unsupportedVersion(ApiHandlerRegistry registry) {
        return answer(registry, Errors.UNSUPPORTED_VERSION);
    }

    private static ApiVersionsResponse answer(ApiHandlerRegistry registry, Errors error) {
        return new ApiVersionsResponse(new ApiVersionsResponseData()
                .setErrorCode(error.code())
                .setApiKeys(registry.versionTable())
                .setThrottleTimeMs(0));
    }
}
