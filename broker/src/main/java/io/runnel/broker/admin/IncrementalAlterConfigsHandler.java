package io.runnel.broker.admin;

import io.runnel.broker.TopicConfigs;
import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs v0-1: SET, DELETE, APPEND and SUBTRACT (the last two for list keys such as
 * cleanup.policy, starting from the effective value) on a topic's overrides. The operations are applied on the
 * metadata thread to the overrides current at that moment, so concurrent changes compose. Stateless.
 */
public final class IncrementalAlterConfigsHandler extends TypedApiHandler<IncrementalAlterConfigsRequest> {
    private final TopicConfigAlterer alterer;
    private final TopicConfigs topicConfigs;
    private final GroupConfigSeam groups;

    public IncrementalAlterConfigsHandler(MetadataService metadata, TopicConfigs topicConfigs) {
        this(metadata, topicConfigs, new GroupConfigSeam());
    }

    public IncrementalAlterConfigsHandler(MetadataService metadata, TopicConfigs topicConfigs,
                                          GroupConfigSeam groups) {
        super(ApiKeys.INCREMENTAL_ALTER_CONFIGS, IncrementalAlterConfigsRequest.class, 0, 1);
        this.groups = groups;
        this.alterer = new TopicConfigAlterer(metadata);
        this.topicConfigs = topicConfigs;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx,
            IncrementalAlterConfigsRequest request) {
        List<AlterConfigsResource> all = new ArrayList<>(request.data().resources());
        List<AlterConfigsResource> resources = new ArrayList<>();
        List<AlterConfigsResource> groupResources = new ArrayList<>();
        List<CompletableFuture<ApiError>> groupErrors = new ArrayList<>();
        GroupConfigSeam.Store store = groups.store();
        for (AlterConfigsResource r : all) {
            if (store != null && ConfigResource.Type.forId(r.resourceType()) == ConfigResource.Type.GROUP) {
                groupResources.add(r);
                groupErrors.add(store.alter(ctx, r.resourceName(), new ArrayList<>(r.configs()),
                        request.data().validateOnly()).exceptionally(ApiError::fromThrowable));
            } else {
                resources.add(r);
            }
        }
        CompletableFuture<List<ApiError>> topicErrors = alterer.alterAll(ctx, resources,
                AlterConfigsResource::resourceType, AlterConfigsResource::resourceName, this::operations,
                request.data().validateOnly());
        return topicErrors.thenCombine(CompletableFuture.allOf(groupErrors.toArray(new CompletableFuture<?>[0])),
                (errors, v) -> {
                    List<ApiError> combined = new ArrayList<>(errors);
                    groupErrors.forEach(f -> combined.add(f.join()));
                    resources.addAll(groupResources);
                    return combined;
                }).thenApply(errors -> {
            IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
            for (int i = 0; i < resources.size(); i++) {
                ApiError error = errors.get(i);
                data.responses().add(new AlterConfigsResourceResponse()
                        .setResourceType(resources.get(i).resourceType())
                        .setResourceName(resources.get(i).resourceName())
                        .setErrorCode(error.error().code()).setErrorMessage(error.message()));
            }
            return new IncrementalAlterConfigsResponse(data);
        });
    }

    /** The change as a function of the overrides current on the metadata thread. */
    private UnaryOperator<Map<String, String>> operations(AlterConfigsResource resource) {
        List<AlterableConfig> ops = new ArrayList<>(resource.configs());
        return overrides -> {
            Set<String> seen = new HashSet<>();
            for (AlterableConfig op : ops) {
                if (!seen.add(op.name())) {
                    throw new InvalidRequestException("Configuration '" + op.name() + "' appears twice.");
                }
                apply(overrides, op);
            }
            return overrides;
        };
    }

    private void apply(Map<String, String> overrides, AlterableConfig op) {
        AlterConfigOp.OpType type = AlterConfigOp.OpType.forId(op.configOperation());
        if (type == null) {
            throw new InvalidRequestException("Unknown config operation " + op.configOperation() + ".");
        }
        switch (type) {
            case SET:
                if (op.value() == null) {
                    throw new InvalidConfigurationException("Null value for configuration '" + op.name() + "'.");
                }
                overrides.put(op.name(), op.value());
                break;
            case DELETE:
                overrides.remove(op.name());
                break;
            case APPEND:
            case SUBTRACT: {
                ConfigKey<?> key = topicConfigs.topicDef().key(op.name());
                if (key == null || key.type() != ConfigType.LIST) {
                    throw new InvalidConfigurationException("Configuration '" + op.name()
                            + "' is not a list: " + type + " is only for list configurations.");
                }
                Set<String> values = new LinkedHashSet<>(split(currentValue(overrides, op.name())));
                if (type == AlterConfigOp.OpType.APPEND) {
                    values.addAll(split(op.value()));
                } else {
                    values.removeAll(split(op.value()));
                }
                overrides.put(op.name(), String.join(",", values));
                break;
            }
            default:
                throw new InvalidRequestException("Unknown config operation " + type + ".");
        }
    }

    private String currentValue(Map<String, String> overrides, String name) {
        for (TopicConfigs.Entry entry : topicConfigs.describe(overrides)) {
            if (entry.key().name().equals(name)) {
                return entry.value();
            }
        }
        return "";
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.trim().isEmpty()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
