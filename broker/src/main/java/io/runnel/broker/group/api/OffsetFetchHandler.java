package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch v1-10: one group before v8, many (each on its own shard) from v8, topic ids from v10. A group whose
 * shard is not available gets its own error; the others are answered.
 */
public final class OffsetFetchHandler extends GroupApiHandler<OffsetFetchRequest> {

    public OffsetFetchHandler(GroupCoordinator coordinator) {
        super(coordinator, ApiKeys.OFFSET_FETCH, OffsetFetchRequest.class, 1, 10);
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, OffsetFetchRequest request) {
        short version = ctx.apiVersion();
        List<CompletableFuture<OffsetFetchResponseGroup>> futures = new ArrayList<>();
        for (OffsetFetchRequestGroup g : request.groups()) {
            futures.add(fetchGroup(ctx, g, version));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<OffsetFetchResponseGroup> groups = new ArrayList<>();
            futures.forEach(f -> groups.add(f.join()));
            return new OffsetFetchResponse.Builder(groups).build(version);
        });
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetchGroup(RequestContext ctx, OffsetFetchRequestGroup g,
                                                                   short version) {
        String clientGroupId = g.groupId();
        String group = internalGroup(ctx, clientGroupId);
        if (!authorized(ctx, AclOperation.DESCRIBE, group)) {
            return CompletableFuture.completedFuture(OffsetFetchResponse.groupError(g,
                    Errors.GROUP_AUTHORIZATION_FAILED, version));
        }
        OffsetFetchRequestGroup internal = new OffsetFetchRequestGroup().setGroupId(group).setMemberId(g.memberId())
                .setMemberEpoch(g.memberEpoch());
        if (g.topics() != null) {
            List<OffsetFetchRequestTopics> topics = new ArrayList<>();
            for (OffsetFetchRequestTopics t : g.topics()) {
                topics.add(new OffsetFetchRequestTopics().setName(version < 10 ? internalTopic(ctx, t.name()) : t.name())
                        .setTopicId(t.topicId()).setPartitionIndexes(t.partitionIndexes()));
            }
            internal.setTopics(topics);
        } else {
            internal.setTopics(null);
        }
        return coordinator.run(group, shard -> shard.offsets().fetch(internal, version)).handle((r, e) -> {
            if (e != null) {
                return OffsetFetchResponse.groupError(g, errorOf(e), version);
            }
            r.setGroupId(clientGroupId);
            if (version < 10) {
                for (OffsetFetchResponseTopics t : r.topics()) {
                    t.setName(clientTopic(ctx, t.name()));
                }
            }
            return r;
        });
    }
}
