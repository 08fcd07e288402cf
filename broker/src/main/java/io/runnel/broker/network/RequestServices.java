package io.runnel.broker.network;

import io.runnel.broker.api.ApiHandlerRegistry;
import io.runnel.broker.security.Authorizer;
import io.runnel.broker.security.NameMapper;
import io.runnel.common.Time;
import java.util.concurrent.Executor;

/**
 * What every connection needs to turn frames into handled requests. Immutable; shared by all connections.
 *
 * @param inFlightPerConnectionMax requests read but not yet answered on one connection before it stops reading
 */
public record RequestServices(ApiHandlerRegistry registry, Time time, Executor ioExecutor, Authorizer authorizer,
        NameMapper names, int inFlightPerConnectionMax) {
}
