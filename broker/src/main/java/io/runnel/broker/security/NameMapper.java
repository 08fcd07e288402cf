package io.runnel.broker.security;

import io.runnel.broker.api.RequestContext;
import java.util.Optional;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The naming seam: topic, group and transactional ids pass through here on the way in (client name to the
 * name the broker stores) and out (stored name to what this client sees). Identity today; tenants will map
 * {@code orders} to {@code acme/default/orders} here and hide other tenants' resources by answering
 * {@link Optional#empty()} on the way out. Implementations are thread-safe and never block.
 */
public interface NameMapper {
    NameMapper IDENTITY = new NameMapper() {
        @Override
        public String toInternal(RequestContext ctx, ResourceType type, String clientName) {
            return clientName;
        }

        @Override
        public Optional<String> toClient(RequestContext ctx, ResourceType type, String internalName) {
            return Optional.of(internalName);
        }
    };

    /** The stored name for a name the client sent ({@link ResourceType#TOPIC}, GROUP, TRANSACTIONAL_ID). */
    String toInternal(RequestContext ctx, ResourceType type, String clientName);

    /** The name this client sees for a stored name, or empty when the resource is not visible to it. */
    Optional<String> toClient(RequestContext ctx, ResourceType type, String internalName);
}
