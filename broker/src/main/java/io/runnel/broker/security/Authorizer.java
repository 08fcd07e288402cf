package io.runnel.broker.security;

import io.runnel.broker.api.RequestContext;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The authorization seam: every handler asks before it acts on a resource. Today {@link #ALLOW_ALL}; ACLs plug
 * in here. Implementations are thread-safe and never block (handlers call them on event loops).
 */
public interface Authorizer {
    Authorizer ALLOW_ALL = (ctx, operation, resourceType, resourceName) -> true;

    /**
     * May {@code ctx.principal()} perform {@code operation} on the resource?
     *
     * @param resourceName the internal (already mapped) name; {@code kafka-cluster} for the cluster
     */
    boolean authorize(RequestContext ctx, AclOperation operation, ResourceType resourceType, String resourceName);
}
