package io.runnel.broker.group.api;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.group.ShareGroupOps.AckBatch;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Shared request-side helpers of ShareFetch and ShareAcknowledge: the group check, resolving a topic id to the
 * internal partition (with the READ check) and converting acknowledgement batches. Stateless.
 */
final class ShareRequests {
    private ShareRequests() {
    }

    /** A partition named by topic id: resolved, or the error to answer for it. */
    record Resolved(Uuid topicId, int partition, TopicPartition internal, Errors error) {
    }

    static Resolved resolve(RequestContext ctx, MetadataService metadata, Uuid topicId, int partition) {
        TopicImage topic = metadata.image().topic(topicId).orElse(null);
        if (topic == null) {
            return new Resolved(topicId, partition, null, Errors.UNKNOWN_TOPIC_ID);
        }
        if (!ctx.authorize(AclOperation.READ, ResourceType.TOPIC, topic.name())) {
            return new Resolved(topicId, partition, null, Errors.TOPIC_AUTHORIZATION_FAILED);
        }
        if (partition < 0 || partition >= topic.partitionCount()) {
            return new Resolved(topicId, partition, null, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        return new Resolved(topicId, partition, new TopicPartition(topic.name(), partition), Errors.NONE);
    }

    /** The error response when the group id is empty or the principal may not READ it; null when it may. */
    static AbstractResponse refuseGroup(RequestContext ctx, AbstractRequest request, String group) {
        if (group == null || group.isEmpty()) {
            return request.getErrorResponse(0, Errors.INVALID_REQUEST.exception("GroupId can't be empty"));
        }
        if (!ctx.authorize(AclOperation.READ, ResourceType.GROUP, group)) {
            return request.getErrorResponse(0, Errors.GROUP_AUTHORIZATION_FAILED.exception());
        }
        return null;
    }

    static AckBatch ackBatch(long firstOffset, long lastOffset, List<Byte> types) {
        return new AckBatch(firstOffset, lastOffset, new ArrayList<>(types));
    }
}
