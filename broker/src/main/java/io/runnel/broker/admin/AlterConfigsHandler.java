package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.metadata.MetadataService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs v0-2 (the legacy, non-incremental form, still used by librdkafka): the given set replaces all of a
 * topic's overrides; keys left out go back to their defaults. Stateless.
 */
public final class AlterConfigsHandler extends TypedApiHandler<AlterConfigsRequest> {
    private final TopicConfigAlterer alterer;

    public AlterConfigsHandler(MetadataService metadata) {
        super(ApiKeys.ALTER_CONFIGS, AlterConfigsRequest.class, 0, 2);
        this.alterer = new TopicConfigAlterer(metadata);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, AlterConfigsRequest request) {
        List<AlterConfigsResource> resources = new ArrayList<>(request.data().resources());
        return alterer.alterAll(ctx, resources, AlterConfigsResource::resourceType, AlterConfigsResource::resourceName,
                AlterConfigsHandler::replacement, request.data().validateOnly()).thenApply(errors -> {
            AlterConfigsResponseData data = new AlterConfigsResponseData().setThrottleTimeMs(0);
            for (int i = 0; i < resources.size(); i++) {
                ApiError error = errors.get(i);
                data.responses().add(new AlterConfigsResourceResponse()
                        .setResourceType(resources.get(i).resourceType())
                        .setResourceName(resources.get(i).resourceName())
                        .setErrorCode(error.error().code()).setErrorMessage(error.message()));
            }
            return new AlterConfigsResponse(data);
        });
    }

    private static UnaryOperator<Map<String, String>> replacement(AlterConfigsResource resource) {
        Map<String, String> replacement = new HashMap<>();
        for (AlterableConfig c : resource.configs()) {
            if (c.value() == null) {
                throw new InvalidConfigurationException("Null value for configuration '" + c.name() + "'.");
            }
            if (replacement.put(c.name(), c.value()) != null) {
                throw new InvalidRequestException("Configuration '" + c.name() + "' appears twice.");
            }
        }
        return current -> replacement;
    }
}
