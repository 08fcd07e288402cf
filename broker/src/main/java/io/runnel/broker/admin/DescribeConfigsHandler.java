package io.runnel.broker.admin;

import io.runnel.broker.TopicConfigs;
import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.common.config.ConfigKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * DescribeConfigs v1-4 for topics (every topic key: the override, or the broker synonym, or the default, with
 * sources and synonyms) and for this broker (every broker key; static, so read-only). An empty broker name is the
 * cluster-wide dynamic default set, which is empty here. Runs on the event loop; stateless.
 */
public final class DescribeConfigsHandler extends TypedApiHandler<DescribeConfigsRequest> {
    private final MetadataService metadata;
    private final BrokerConfig config;
    private final TopicConfigs topicConfigs;
    private final GroupConfigSeam groups;

    public DescribeConfigsHandler(MetadataService metadata, BrokerConfig config, TopicConfigs topicConfigs) {
        this(metadata, config, topicConfigs, new GroupConfigSeam());
    }

    public DescribeConfigsHandler(MetadataService metadata, BrokerConfig config, TopicConfigs topicConfigs,
                                  GroupConfigSeam groups) {
        super(ApiKeys.DESCRIBE_CONFIGS, DescribeConfigsRequest.class, 1, 4);
        this.groups = groups;
        this.metadata = metadata;
        this.config = config;
        this.topicConfigs = topicConfigs;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DescribeConfigsRequest request) {
        List<CompletableFuture<DescribeConfigsResult>> results = new ArrayList<>();
        for (DescribeConfigsResource resource : request.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName()).setErrorCode(Errors.NONE.code());
            GroupConfigSeam.Store store = groups.store();
            if (ConfigResource.Type.forId(resource.resourceType()) == ConfigResource.Type.GROUP && store != null) {
                boolean docs = request.version() >= 3 && request.data().includeDocumentation();
                Set<String> wanted = resource.configurationKeys() == null ? null
                        : new HashSet<>(resource.configurationKeys());
                results.add(store.describe(ctx, resource.resourceName(), docs).handle((entries, e) -> {
                    if (e != null) {
                        ApiError error = ApiError.fromThrowable(e);
                        return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
                    }
                    List<DescribeConfigsResourceResult> out = new ArrayList<>();
                    for (DescribeConfigsResourceResult entry : entries) {
                        if (wanted == null || wanted.contains(entry.name())) {
                            out.add(entry);
                        }
                    }
                    return result.setConfigs(out);
                }));
                continue;
            }
            describe(ctx, request, resource, result);
            results.add(CompletableFuture.completedFuture(result));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            DescribeConfigsResponseData data = new DescribeConfigsResponseData().setThrottleTimeMs(0);
            results.forEach(f -> data.results().add(f.join()));
            return new DescribeConfigsResponse(data);
        });
    }

    private void describe(RequestContext ctx, DescribeConfigsRequest request, DescribeConfigsResource resource,
            DescribeConfigsResult result) {
        Set<String> wanted = resource.configurationKeys() == null ? null : new HashSet<>(resource.configurationKeys());
        boolean synonyms = request.data().includeSynonyms();
        boolean docs = request.version() >= 3 && request.data().includeDocumentation();
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        if (type == ConfigResource.Type.TOPIC) {
            String name = ctx.toInternal(ResourceType.TOPIC, resource.resourceName());
            if (!ctx.authorize(AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, name)) {
                result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                return;
            }
            Optional<TopicImage> topic = metadata.image().topic(name);
            if (topic.isEmpty()) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("Topic '" + resource.resourceName() + "' does not exist.");
                return;
            }
            List<DescribeConfigsResourceResult> out = new ArrayList<>();
            for (TopicConfigs.Entry entry : topicConfigs.describe(topic.get().configs())) {
                if (wanted == null || wanted.contains(entry.key().name())) {
                    out.add(entry(entry.key(), entry.value(), entry.source(), false, synonyms ? entry.synonyms()
                            : List.of(), docs));
                }
            }
            result.setConfigs(out);
        } else if (type == ConfigResource.Type.BROKER) {
            if (!ctx.authorize(AclOperation.DESCRIBE_CONFIGS, ResourceType.CLUSTER, RequestContext.CLUSTER_RESOURCE)) {
                result.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
                return;
            }
            if (resource.resourceName().isEmpty()) {
                result.setConfigs(List.of());
                return;
            }
            if (!resource.resourceName().equals(Integer.toString(metadata.brokerId()))) {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Broker " + resource.resourceName() + " is not this broker ("
                                + metadata.brokerId() + ").");
                return;
            }
            List<DescribeConfigsResourceResult> out = new ArrayList<>();
            for (ConfigKey<?> key : BrokerConfig.DEF.keys()) {
                if (wanted == null || wanted.contains(key.name())) {
                    TopicConfigs.Source source = config.config().isExplicit(key)
                            ? TopicConfigs.Source.STATIC_BROKER_CONFIG : TopicConfigs.Source.DEFAULT_CONFIG;
                    String value = TopicConfigs.render(config.get(key));
                    out.add(entry(key, value, source, true,
                            synonyms ? List.of(new TopicConfigs.Synonym(key.name(), value, source)) : List.of(), docs));
                }
            }
            result.setConfigs(out);
        } else {
            result.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Describing configs of resource type " + type + " is not supported.");
        }
    }

    private static DescribeConfigsResourceResult entry(ConfigKey<?> key, String value, TopicConfigs.Source source,
            boolean readOnly, List<TopicConfigs.Synonym> synonyms, boolean docs) {
        List<DescribeConfigsSynonym> out = new ArrayList<>(synonyms.size());
        for (TopicConfigs.Synonym s : synonyms) {
            out.add(new DescribeConfigsSynonym().setName(s.name()).setValue(s.value()).setSource(s.source().code()));
        }
        return new DescribeConfigsResourceResult().setName(key.name()).setValue(value).setReadOnly(readOnly)
                .setConfigSource(source.code()).setIsSensitive(false).setSynonyms(out)
                .setConfigType(ConfigTypes.code(key.type())).setDocumentation(docs ? key.doc() : null);
    }
}
