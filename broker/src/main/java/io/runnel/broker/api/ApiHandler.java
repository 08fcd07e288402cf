package io.runnel.broker.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Handles one Kafka API. One class per API key; registered in the {@link ApiHandlerRegistry} with the version
 * range it advertises.
 *
 * <p>{@link #handle} is called on the connection's event loop and must not block: work that touches disk or
 * waits goes to {@link RequestContext#ioExecutor()} (or a timer) and completes the future later, from any
 * thread. The framework sends responses in request order per connection whatever order futures complete in.
 * A future completing with {@code null} means "send no response" (acks=0 produce). A future completing
 * exceptionally is answered with the request's error response for that exception (unexpected exceptions are
 * logged once and answered UNKNOWN_SERVER_ERROR); handlers map their own typed exceptions to error codes.
 *
 * <p>Every handler checks {@link RequestContext#authorize} and maps names through {@link RequestContext#names()}.
 */
public interface ApiHandler {

    /** A completed future meaning "no response for this request". */
    static CompletableFuture<AbstractResponse> noResponse() {
        return CompletableFuture.completedFuture(null);
    }

    ApiKeys apiKey();

    /** Lowest version advertised and accepted (KIP-896 minimums for the clients we support). */
    short minVersion();

    /** Highest version advertised and accepted: our own choice, never {@code apiKey().latestVersion()}. */
    short maxVersion();

    CompletableFuture<AbstractResponse> handle(RequestContext ctx, AbstractRequest request);
}
