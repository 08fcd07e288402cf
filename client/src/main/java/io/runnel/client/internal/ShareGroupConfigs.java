package io.runnel.client.internal;

import io.runnel.client.RunnelClientException;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The group and topic configuration a Shared or KeyShared subscription needs before its first consumer joins,
 * written with IncrementalAlterConfigs: key-shared mode, the initial position, and the dead-letter policy as the
 * share group's delivery count limit plus a KIP-1191 dead-letter topic. Stateless; runs on the subscribing thread.
 */
final class ShareGroupConfigs {
    /** Group config: hand all records of one key to one member at a time (Runnel's key-shared mode). */
    static final String KEY_SHARED = "runnel.share.key.shared";
    /** Group config (KIP-932): where a share group without state starts, {@code earliest} or {@code latest}. */
    static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    /** Group config: deliveries of one record before it is archived (and dead-lettered, with a DLQ topic). */
    static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    /** Group config (KIP-1191): the dead-letter topic of the share group. */
    static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";
    /** Group config (KIP-1191): dead letters carry the original key, value and headers, not only context headers. */
    static final String DLQ_COPY_RECORD = "errors.deadletterqueue.copy.record.enable";
    /** Topic config (KIP-1191): the topic accepts dead letters from share groups. */
    static final String DLQ_TOPIC_ENABLE = "errors.deadletterqueue.group.enable";

    private ShareGroupConfigs() {
    }

    static void apply(ClientContext context, ConsumerSettings s) throws RunnelClientException {
        List<AlterConfigOp> ops = new ArrayList<>();
        if (s.type() == SubscriptionType.KeyShared) {
            ops.add(set(KEY_SHARED, "true"));
        }
        if (s.initialPosition() == SubscriptionInitialPosition.Earliest) {
            ops.add(set(AUTO_OFFSET_RESET, "earliest"));
        }
        Admin admin = context.admin();
        if (s.deadLetterPolicy() != null) {
            String dlq = s.deadLetterTopic();
            ensureDeadLetterTopic(context, admin, dlq);
            // maxRedeliverCount redeliveries = 1 + maxRedeliverCount deliveries.
            ops.add(set(DELIVERY_COUNT_LIMIT, Integer.toString(s.deadLetterPolicy().maxRedeliverCount() + 1)));
            ops.add(set(DLQ_TOPIC, dlq));
            ops.add(set(DLQ_COPY_RECORD, "true")); // a dead letter is the message itself, as in Pulsar
        }
        if (ops.isEmpty()) {
            return;
        }
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, s.subscription());
        try {
            Futures.await(admin.incrementalAlterConfigs(Map.of(group, ops)).all(), context.operationTimeoutMs(),
                    "configuring share group " + s.subscription());
        } catch (RunnelClientException e) {
            throw new RunnelClientException("cannot configure subscription '" + s.subscription() + "' ("
                    + names(ops) + "): " + e.getMessage() + "; the broker needs share groups with these group "
                    + "configs (see docs/client.md)", e);
        }
    }

    /** Creates the dead-letter topic if missing; either way marks it as accepting share-group dead letters. */
    private static void ensureDeadLetterTopic(ClientContext context, Admin admin, String topic)
            throws RunnelClientException {
        try {
            Futures.await(admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.empty(),
                    java.util.Optional.empty()).configs(Map.of(DLQ_TOPIC_ENABLE, "true")))).all(),
                    context.operationTimeoutMs(), "creating dead-letter topic " + topic);
            return;
        } catch (RunnelClientException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Futures.await(admin.incrementalAlterConfigs(Map.of(resource, List.of(set(DLQ_TOPIC_ENABLE, "true")))).all(),
                context.operationTimeoutMs(), "enabling dead letters on topic " + topic);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static Set<String> names(Collection<AlterConfigOp> ops) {
        return ops.stream().map(o -> o.configEntry().name() + "=" + o.configEntry().value())
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
