package io.runnel.broker.group.api;

import io.runnel.broker.admin.ConfigTypes;
import io.runnel.broker.admin.GroupConfigSeam;
import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.ShareGroupConfig;
import io.runnel.common.config.ConfigKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Group configs ({@code ConfigResource.Type.GROUP}) of share groups, kept in the group's coordinator shard as a
 * record (so they survive restarts with the rest of the group): the keys of {@link ShareGroupConfig#GROUP_KEYS},
 * SET and DELETE only. Describing a group that does not exist shows the broker defaults, as Kafka does.
 * Stateless, thread-safe.
 */
public final class ShareGroupConfigStore implements GroupConfigSeam.Store {
    /** DescribeConfigs config sources (Kafka's codes). */
    private static final byte SOURCE_GROUP = 8;
    private static final byte SOURCE_DEFAULT = 5;
    /** How long a config request waits for the group's coordinator shard to load (the admin does not retry). */
    private static final long READY_TIMEOUT_MS = 10_000;

    private final GroupCoordinator coordinator;

    public ShareGroupConfigStore(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<List<DescribeConfigsResourceResult>> describe(RequestContext ctx, String groupId,
                                                                           boolean withDocs) {
        String group = GroupApiHandler.internalGroup(ctx, groupId);
        if (!ctx.authorize(AclOperation.DESCRIBE_CONFIGS, org.apache.kafka.common.resource.ResourceType.GROUP,
                group)) {
            return CompletableFuture.failedFuture(Errors.GROUP_AUTHORIZATION_FAILED.exception());
        }
        ShareGroupConfig defaults = coordinator.shareConfig();
        return coordinator.runWhenReady(group, shard -> Map.copyOf(shard.share().configs(group)), READY_TIMEOUT_MS)
                .thenApply(overrides -> {
            List<DescribeConfigsResourceResult> out = new ArrayList<>();
            for (ConfigKey<?> key : ShareGroupConfig.GROUP_KEYS) {
                String set = overrides.get(key.name());
                out.add(new DescribeConfigsResourceResult().setName(key.name())
                        .setValue(set != null ? set : defaults.brokerDefault(key)).setReadOnly(false)
                        .setConfigSource(set != null ? SOURCE_GROUP : SOURCE_DEFAULT).setIsSensitive(false)
                        .setConfigType(ConfigTypes.code(key.type())).setDocumentation(withDocs ? key.doc() : null));
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<ApiError> alter(RequestContext ctx, String groupId, List<AlterableConfig> ops,
                                             boolean validateOnly) {
        String group = GroupApiHandler.internalGroup(ctx, groupId);
        if (!ctx.authorize(AclOperation.ALTER_CONFIGS, org.apache.kafka.common.resource.ResourceType.GROUP,
                group)) {
            return CompletableFuture.completedFuture(new ApiError(Errors.GROUP_AUTHORIZATION_FAILED, null));
        }
        Set<String> seen = new HashSet<>();
        for (AlterableConfig op : ops) {
            ConfigKey<?> key = ShareGroupConfig.groupKey(op.name());
            if (key == null) {
                return error(Errors.INVALID_CONFIG, "Unknown group config name: " + op.name());
            }
            if (!seen.add(op.name())) {
                return error(Errors.INVALID_REQUEST, "Configuration '" + op.name() + "' appears twice.");
            }
            AlterConfigOp.OpType type = AlterConfigOp.OpType.forId(op.configOperation());
            if (type == AlterConfigOp.OpType.SET) {
                try {
                    key.parse(op.value());
                } catch (RuntimeException e) {
                    return error(Errors.INVALID_CONFIG, e.getMessage());
                }
            } else if (type != AlterConfigOp.OpType.DELETE) {
                return error(Errors.INVALID_CONFIG, type + " is not supported for group config " + op.name());
            }
        }
        return coordinator.runWhenReady(group, shard -> {
            Map<String, String> next = new TreeMap<>(shard.share().configs(group));
            for (AlterableConfig op : ops) {
                if (AlterConfigOp.OpType.forId(op.configOperation()) == AlterConfigOp.OpType.SET) {
                    next.put(op.name(), op.value());
                } else {
                    next.remove(op.name());
                }
            }
            if (!validateOnly) {
                shard.share().setConfigs(group, next);
            }
            return ApiError.NONE;
        }, READY_TIMEOUT_MS).exceptionally(e -> new ApiError(GroupApiHandler.errorOf(e), GroupApiHandler.messageOf(e)));
    }

    private static CompletableFuture<ApiError> error(Errors error, String message) {
        return CompletableFuture.completedFuture(new ApiError(error, message));
    }
}
