package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delayed delivery: records carrying {@code runnel.deliver.at} or {@code runnel.deliver.after.ms} reach
 * share-group consumers no earlier than their time, produced by the stock producer; undelayed records behind them
 * are not held up; and pending delayed records survive a broker restart.
 */
class ShareGroupDelayedDeliveryTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500")
            .with("runnel.share.delay.bucket.ms", "500");

    @Test
    void shouldDeliverDelayedRecordsNoEarlierThanTheirTime() throws Exception {
        String topic = "delayed";
        String group = "sg-delayed";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        try (Admin admin = BROKER.admin()) {
            admin.alterShareGroupOffsets(group, Map.of(new TopicPartition(topic, 0), 0L)).all().get();
        }
        Map<String, Long> notBeforeMs = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k" + i, "d" + i);
                long delayMs = 1500 + 300L * i;
                if (i % 2 == 0) {
                    r.headers().add("runnel.deliver.at", Long.toString(now + delayMs).getBytes(StandardCharsets.UTF_8));
                    notBeforeMs.put("d" + i, now + delayMs);
                } else {
                    ProducerRecord<String, String> rel = new ProducerRecord<>(topic, null, now, "k" + i, "d" + i);
                    rel.headers().add("runnel.deliver.after.ms",
                            Long.toString(delayMs).getBytes(StandardCharsets.UTF_8));
                    r = rel;
                    notBeforeMs.put("d" + i, now + delayMs);
                }
                producer.send(r);
                producer.send(new ProducerRecord<>(topic, "k" + i, "now" + i));
            }
            producer.flush();
        }
        Map<String, Long> receivedAtMs = new HashMap<>();
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, false)) {
            consumer.subscribe(List.of(topic));
            long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (receivedAtMs.size() < 20 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    receivedAtMs.putIfAbsent(r.value(), System.currentTimeMillis());
                }
            }
        }
        assertThat(receivedAtMs).hasSize(20);
        for (int i = 0; i < 10; i++) {
            assertThat(receivedAtMs.get("d" + i)).as("d" + i).isGreaterThanOrEqualTo(notBeforeMs.get("d" + i));
        }
    }

    @Test
    void shouldNotHoldUndelayedRecordsBehindMoreDelayedOnesThanTheInFlightLimit() throws Exception {
        String topic = "delayed-many";
        String group = "sg-delayed-many";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        try (Admin admin = BROKER.admin()) {
            admin.alterShareGroupOffsets(group, Map.of(new TopicPartition(topic, 0), 0L)).all().get();
        }
        try (KafkaProducer<String, String> producer = producer()) {
            byte[] inAnHour = Long.toString(System.currentTimeMillis() + 3_600_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 5000; i++) { // group.share.partition.max.record.locks is 2000
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k" + i, "later" + i);
                r.headers().add("runnel.deliver.at", inAnHour);
                producer.send(r);
            }
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "now" + i));
            }
            producer.flush();
        }
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, false)) {
            consumer.subscribe(List.of(topic));
            assertThat(ShareConsumerTest.pollUntil(consumer, 10, Duration.ofSeconds(60)))
                    .containsExactlyInAnyOrderElementsOf(List.of("now0", "now1", "now2", "now3", "now4", "now5",
                            "now6", "now7", "now8", "now9"));
            consumer.commitSync();
        }
        try (Admin admin = BROKER.admin()) {
            long start = admin.listShareGroupOffsets(Map.of(group,
                    new org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                    .get().get(new TopicPartition(topic, 0)).startOffset();
            assertThat(start).as("the start offset moved past the delayed records").isEqualTo(5010);
        }
    }

    @Test
    void shouldKeepPendingDelayedRecordsAcrossRestart() throws Exception {
        String topic = "delayed-restart";
        String group = "sg-delayed-restart";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        try (Admin admin = BROKER.admin()) {
            admin.alterShareGroupOffsets(group, Map.of(new TopicPartition(topic, 0), 0L)).all().get();
        }
        long deliverAt;
        try (KafkaProducer<String, String> producer = producer()) {
            deliverAt = System.currentTimeMillis() + 4000;
            for (int i = 0; i < 5; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k" + i, "late" + i);
                r.headers().add("runnel.deliver.at", Long.toString(deliverAt).getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.send(new ProducerRecord<>(topic, "x", "early"));
            producer.flush();
        }
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, false)) {
            consumer.subscribe(List.of(topic));
            assertThat(ShareConsumerTest.pollUntil(consumer, 1, Duration.ofSeconds(30))).containsExactly("early");
            // Implicit mode acknowledges what the last poll returned only with the next poll or a commit: the
            // client's close releases it otherwise.
            consumer.commitSync();
        }
        BROKER.restart();
        try (KafkaShareConsumer<String, String> consumer = ShareConsumerTest.shareConsumer(BROKER, group, false)) {
            consumer.subscribe(List.of(topic));
            List<String> late = ShareConsumerTest.pollUntil(consumer, 5, Duration.ofSeconds(60));
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(deliverAt);
            assertThat(late).containsExactlyInAnyOrder("late0", "late1", "late2", "late3", "late4");
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = BROKER.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }
}
