package io.runnel.broker.admin;

import io.runnel.broker.api.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.requests.ApiError;

/**
 * Where DescribeConfigs and IncrementalAlterConfigs send {@code ConfigResource.Type.GROUP} resources: the group
 * coordinator binds its store here when it starts (the admin module knows nothing of groups). Until then, and on
 * a broker without groups, GROUP resources are answered INVALID_REQUEST.
 *
 * <p>Thread-safe: the store is published through a volatile field.
 */
public final class GroupConfigSeam {
    /** Group configs as the group coordinator keeps them. Implementations authorize and map names. */
    public interface Store {
        /** Every group-level key with its effective value (and source) for the group. */
        CompletableFuture<List<DescribeConfigsResourceResult>> describe(RequestContext ctx, String groupId,
                                                                        boolean withDocs);

        /** Applies SET / DELETE operations to the group's overrides (nothing written when validateOnly). */
        CompletableFuture<ApiError> alter(RequestContext ctx, String groupId, List<AlterableConfig> ops,
                                          boolean validateOnly);
    }

    private volatile Store store;

    public void bind(Store store) {
        this.store = store;
    }

    /** The bound store, or null. */
    public Store store() {
        return store;
    }
}
