package io.runnel.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The classic-protocol assignor of an Exclusive subscription. Its protocol name is unique to one consumer
 * ({@value #PROTOCOL_PREFIX} + the consumer's client.id, which the Runnel client makes unique), so the group
 * coordinator itself refuses every other member: a classic JoinGroup must share a protocol with the members
 * already in the group, otherwise the coordinator answers INCONSISTENT_GROUP_PROTOCOL. The check happens inside
 * the coordinator's single-threaded join handling, so two consumers racing for an empty subscription cannot both
 * get in. It assigns every partition of the subscribed topics to its one member.
 *
 * <p>Created and configured by the KafkaConsumer; used on its poll thread.
 */
public final class ExclusiveAssignor implements ConsumerPartitionAssignor, Configurable {
    public static final String PROTOCOL_PREFIX = "runnel-exclusive:";

    private String name;

    @Override
    public void configure(Map<String, ?> configs) {
        Object clientId = configs.get(ConsumerConfig.CLIENT_ID_CONFIG);
        if (clientId == null || clientId.toString().isEmpty()) {
            throw new IllegalStateException("ExclusiveAssignor needs a unique client.id");
        }
        this.name = PROTOCOL_PREFIX + clientId;
    }

    @Override
    public String name() {
        if (name == null) {
            throw new IllegalStateException("ExclusiveAssignor used before configure()");
        }
        return name;
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> subscriptions = groupSubscription.groupSubscription();
        // Only one member can share this protocol; sorting keeps the answer deterministic regardless.
        String owner = new TreeSet<>(subscriptions.keySet()).first();
        Map<String, Assignment> assignments = new HashMap<>();
        for (String member : subscriptions.keySet()) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (member.equals(owner)) {
                for (String topic : new TreeSet<>(subscriptions.get(member).topics())) {
                    Integer count = metadata.partitionCountForTopic(topic);
                    for (int p = 0; count != null && p < count; p++) {
                        partitions.add(new TopicPartition(topic, p));
                    }
                }
            }
            assignments.put(member, new Assignment(partitions));
        }
        return new GroupAssignment(assignments);
    }
}
