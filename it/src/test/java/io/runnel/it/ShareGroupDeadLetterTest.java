package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dead-letter topics (KIP-1191) with the stock KafkaShareConsumer: exactly the rejected records and the records
 * that reached the delivery limit land on the group's DLQ topic, with the context headers and (copy enabled) the
 * original value; a topic that did not opt in receives nothing.
 */
class ShareGroupDeadLetterTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500");

    @Test
    void shouldDeadLetterExactlyTheRejectedAndOverTheLimitRecords() throws Exception {
        String topic = "dlq-src";
        String dlq = "dlq.sg-dlq";
        String group = "sg-dlq";
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1),
                    new NewTopic(dlq, 1, (short) 1).configs(Map.of("errors.deadletterqueue.group.enable", "true"))))
                    .all().get();
            setGroupConfigs(admin, group, Map.of("share.auto.offset.reset", "earliest",
                    "share.delivery.count.limit", "2", "errors.deadletterqueue.topic.name", dlq,
                    "errors.deadletterqueue.copy.record.enable", "true"));
        }
        GroupTestSupport.produce(BROKER, topic, 0, 12);
        Set<String> settled = new HashSet<>();
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, true)) {
            consumer.subscribe(List.of(topic));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (settled.size() < 12 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    int i = Integer.parseInt(r.value().substring(1));
                    if (i < 3) {
                        consumer.acknowledge(r, AcknowledgeType.REJECT);
                        settled.add(r.value());
                    } else if (i < 6) {
                        consumer.acknowledge(r, AcknowledgeType.RELEASE); // until the limit (2) archives it
                        if (r.deliveryCount().orElseThrow() >= 2) {
                            settled.add(r.value());
                        }
                    } else {
                        consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                        settled.add(r.value());
                    }
                }
                consumer.commitSync();
            }
        }
        assertThat(settled).hasSize(12);
        List<ConsumerRecord<String, String>> letters = readAll(dlq, 6);
        Map<String, Map<String, String>> byValue = new HashMap<>();
        for (ConsumerRecord<String, String> r : letters) {
            Map<String, String> headers = new HashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            byValue.put(r.value(), headers);
        }
        assertThat(byValue.keySet()).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5");
        for (int i = 0; i < 6; i++) {
            Map<String, String> h = byValue.get("v" + i);
            assertThat(h).containsEntry("__dlq.errors.topic", topic).containsEntry("__dlq.errors.partition", "0")
                    .containsEntry("__dlq.errors.offset", Integer.toString(i))
                    .containsEntry("__dlq.errors.group", group)
                    .containsEntry("__dlq.errors.delivery.count", i < 3 ? "1" : "2")
                    .containsEntry("__dlq.errors.message", i < 3 ? "Offset rejected by client."
                            : "Offset delivery count exceeded the threshold.");
        }
        assertThat(endOffset(dlq)).as("nothing beyond the six").isEqualTo(6);
    }

    @Test
    void shouldNotWriteToATopicThatDidNotOptIn() throws Exception {
        String topic = "dlq-src-closed";
        String dlq = "dlq.closed";
        String group = "sg-dlq-closed";
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(dlq, 1, (short) 1)))
                    .all().get();
            setGroupConfigs(admin, group, Map.of("share.auto.offset.reset", "earliest",
                    "errors.deadletterqueue.topic.name", dlq));
        }
        GroupTestSupport.produce(BROKER, topic, 0, 3);
        int rejected = 0;
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, true)) {
            consumer.subscribe(List.of(topic));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rejected < 3 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    consumer.acknowledge(r, AcknowledgeType.REJECT);
                    rejected++;
                }
                consumer.commitSync();
            }
        }
        assertThat(rejected).isEqualTo(3);
        assertThat(endOffset(dlq)).isZero();
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = BROKER.admin()) {
            return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(tp).offset();
        }
    }

    static void setGroupConfigs(Admin admin, String group, Map<String, String> configs) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get();
    }

    /** Reads the DLQ topic from the start until {@code atLeast} records arrived (or 30 s passed). */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int atLeast) {
        Properties p = BROKER.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadlineNs) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
