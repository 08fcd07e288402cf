package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The "authorized operations" bit fields of Metadata, DescribeCluster and DescribeGroups (KIP-430): bit
 * {@code op.code()} is set when the principal may perform {@code op}. Stateless.
 */
final class AuthorizedOperations {
    /** What the field holds when the client did not ask for it. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    static final Set<AclOperation> TOPIC = EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
            AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS);
    static final Set<AclOperation> CLUSTER = EnumSet.of(AclOperation.CREATE, AclOperation.ALTER,
            AclOperation.DESCRIBE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE);

    private AuthorizedOperations() {
    }

    static int of(RequestContext ctx, ResourceType type, String name, Set<AclOperation> candidates) {
        int bits = 0;
        for (AclOperation op : candidates) {
            if (ctx.authorize(op, type, name)) {
                bits |= 1 << op.code();
            }
        }
        return bits;
    }
}
