package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Share-group state across a broker restart: accepted records are never redelivered, records that were acquired
 * but not acknowledged are redelivered with their delivery counted, and the group's configs survive.
 */
class ShareGroupRestartTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500");

    private static KafkaShareConsumer<String, String> consumer(String group) {
        var p = BROKER.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        return new KafkaShareConsumer<>(p);
    }

    @Test
    void shouldKeepAcceptedAndRedeliverUnacknowledgedAfterRestart() throws Exception {
        String topic = "share-restart";
        String group = "sg-restart";
        GroupTestSupport.createTopic(BROKER, topic, 1);
        try (Admin admin = BROKER.admin()) {
            admin.alterShareGroupOffsets(group, Map.of(new TopicPartition(topic, 0), 0L)).all().get();
        }
        GroupTestSupport.produce(BROKER, topic, 0, 30);
        Map<String, Short> firstDelivery = new HashMap<>();
        KafkaShareConsumer<String, String> before = consumer(group);
        before.subscribe(List.of(topic));
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (firstDelivery.size() < 30 && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> r : before.poll(Duration.ofMillis(200))) {
                firstDelivery.put(r.value(), r.deliveryCount().orElseThrow());
                int i = Integer.parseInt(r.value().substring(1));
                if (i < 10) {
                    before.acknowledge(r, AcknowledgeType.ACCEPT);
                }
            }
            before.commitSync();
            if (firstDelivery.size() >= 30) {
                break;
            }
        }
        assertThat(firstDelivery).hasSize(30);
        // v10..v29 stay acquired (not acknowledged) while the broker restarts under the consumer.
        BROKER.restart();
        before.close(Duration.ZERO);

        Map<String, Short> secondDelivery = new HashMap<>();
        try (KafkaShareConsumer<String, String> after = consumer(group)) {
            after.subscribe(List.of(topic));
            deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (secondDelivery.size() < 20 && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<String, String> r : after.poll(Duration.ofMillis(200))) {
                    secondDelivery.put(r.value(), r.deliveryCount().orElseThrow());
                    after.acknowledge(r, AcknowledgeType.ACCEPT);
                }
                after.commitSync();
            }
            assertThat(secondDelivery.keySet()).containsExactlyInAnyOrderElementsOf(
                    GroupTestSupport.values(10, 20));
            assertThat(secondDelivery.values()).allMatch(count -> count == 2);
        }
    }
}
