package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Share groups (KIP-932) with the stock kafka-clients 4.4 {@link KafkaShareConsumer}: consumption, several
 * consumers sharing one partition, release and reject, lock timeout of a consumer that stops, and the admin APIs.
 */
class ShareConsumerTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500")
            .with("group.share.record.lock.duration.ms", "3000");

    static KafkaShareConsumer<String, String> shareConsumer(String group, boolean explicitAcks) {
        return shareConsumer(BROKER, group, explicitAcks);
    }

    /** A KafkaShareConsumer of strings for {@code broker}, explicit or implicit acknowledgement. */
    static KafkaShareConsumer<String, String> shareConsumer(RunnelBrokerExtension broker, String group,
                                                            boolean explicitAcks) {
        return shareConsumer(broker, group, explicitAcks, Map.of());
    }

    /** Same, with extra client configs. */
    static KafkaShareConsumer<String, String> shareConsumer(RunnelBrokerExtension broker, String group,
                                                            boolean explicitAcks, Map<String, String> extra) {
        Properties p = broker.clientProperties();
        p.putAll(extra);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, explicitAcks ? "explicit" : "implicit");
        return new KafkaShareConsumer<>(p);
    }

    /** Makes the group start at the log start of {@code topic}'s partitions (share.auto.offset.reset=earliest). */
    static void startAtEarliest(String group, String topic, int partitions) throws Exception {
        try (Admin admin = BROKER.admin()) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                offsets.put(new TopicPartition(topic, p), 0L);
            }
            admin.alterShareGroupOffsets(group, offsets).all().get();
        }
    }

    static List<String> pollUntil(KafkaShareConsumer<String, String> consumer, int count, Duration timeout) {
        List<String> out = new ArrayList<>();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(r.value());
            }
        }
        return out;
    }

    @Test
    void shouldConsumeEveryRecordOnceWithImplicitAcks() throws Exception {
        String topic = "share-basic";
        String group = "sg-basic";
        GroupTestSupport.createTopic(BROKER, topic, 3);
        try (Admin admin = BROKER.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("earliest");
            assertThat(config.get("share.record.lock.duration.ms").value()).isEqualTo("3000");
        }
        GroupTestSupport.produce(BROKER, topic, 0, 50);
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group, false)) {
            consumer.subscribe(List.of(topic));
            List<String> seen = pollUntil(consumer, 50, Duration.ofSeconds(60));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 50));
            consumer.commitSync();
        }
        try (Admin admin = BROKER.admin()) {
            Map<TopicPartition, ?> offsets = admin.listShareGroupOffsets(Map.of(group,
                    new org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                    .get();
            assertThat(offsets).hasSize(3);
            Collection<GroupListing> groups = admin.listGroups(new ListGroupsOptions()
                    .withTypes(Set.of(GroupType.SHARE))).all().get();
            assertThat(groups).extracting(GroupListing::groupId).contains(group);
        }
    }

    @Test
    void shouldShareOnePartitionBetweenConsumersWithoutDuplicates() throws Exception {
        String topic = "share-two";
        String group = "sg-two";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        startAtEarliest(group, topic, 1);
        GroupTestSupport.produce(BROKER, topic, 0, 400);
        Map<String, String> consumedBy = new ConcurrentHashMap<>();
        List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KafkaShareConsumer<String, String> a = shareConsumer(group, false);
             KafkaShareConsumer<String, String> b = shareConsumer(group, false)) {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var c : List.of(a, b)) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        if (consumedBy.putIfAbsent(r.value(), c == a ? "a" : "b") != null) {
                            duplicates.add(r.value());
                        }
                    }
                }
                return consumedBy.size() >= 400;
            });
            try (Admin admin = BROKER.admin()) {
                ShareGroupDescription d = admin.describeShareGroups(List.of(group)).all().get().get(group);
                assertThat(d.members()).hasSize(2);
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(consumedBy.keySet()).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 400));
    }

    @Test
    void shouldRedeliverReleasedAndNeverRejected() throws Exception {
        String topic = "share-release";
        String group = "sg-release";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        startAtEarliest(group, topic, 1);
        GroupTestSupport.produce(BROKER, topic, 0, 10);
        Map<String, Integer> deliveries = new HashMap<>();
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group, true)) {
            consumer.subscribe(List.of(topic));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> accepted = new java.util.HashSet<>();
            while (accepted.size() < 5 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    int n = deliveries.merge(r.value(), 1, Integer::sum);
                    int i = Integer.parseInt(r.value().substring(1));
                    if (i % 2 == 1) {
                        consumer.acknowledge(r, AcknowledgeType.REJECT);
                    } else if (n == 1) {
                        consumer.acknowledge(r, AcknowledgeType.RELEASE);
                    } else {
                        consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                        accepted.add(r.value());
                    }
                }
                consumer.commitSync();
            }
            assertThat(accepted).containsExactlyInAnyOrder("v0", "v2", "v4", "v6", "v8");
            // Nothing left: rejected records never come back.
            assertThat(pollUntil(consumer, 1, Duration.ofSeconds(2))).isEmpty();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(deliveries.get("v" + i)).as("deliveries of v" + i).isEqualTo(i % 2 == 1 ? 1 : 2);
        }
    }

    @Test
    void shouldHandUnacknowledgedRecordsToAnotherConsumerAfterTheLockTimeout() throws Exception {
        String topic = "share-lock";
        String group = "sg-lock";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        startAtEarliest(group, topic, 1);
        GroupTestSupport.produce(BROKER, topic, 0, 20);
        List<String> firstBatch;
        KafkaShareConsumer<String, String> stuck = shareConsumer(group, true);
        stuck.subscribe(List.of(topic));
        firstBatch = pollUntil(stuck, 1, Duration.ofSeconds(60));
        assertThat(firstBatch).isNotEmpty();
        // The stuck consumer neither acknowledges nor polls again; another consumer gets everything once the
        // acquisition locks (3 s here) expire.
        try (KafkaShareConsumer<String, String> other = shareConsumer(group, false)) {
            other.subscribe(List.of(topic));
            List<String> seen = pollUntil(other, 20, Duration.ofSeconds(60));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 20));
        } finally {
            stuck.close(Duration.ZERO);
        }
    }
}
