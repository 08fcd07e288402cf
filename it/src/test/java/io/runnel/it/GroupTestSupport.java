package io.runnel.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared setup of the consumer-group integration tests. */
final class GroupTestSupport {
    private GroupTestSupport() {
    }

    /** A broker tuned for group tests: few offsets partitions, no initial rebalance delay, quick heartbeats. */
    static RunnelBrokerExtension groupBroker() {
        return new RunnelBrokerExtension()
                .with("offsets.topic.num.partitions", "3")
                .with("group.initial.rebalance.delay.ms", "0")
                .with("group.consumer.heartbeat.interval.ms", "500");
    }

    static void createTopic(RunnelBrokerExtension broker, String topic, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Values "v{from}".."v{from+count-1}", keyed so they spread over partitions. */
    static void produce(RunnelBrokerExtension broker, String topic, int from, int count) {
        Properties p = broker.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    static List<String> values(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add("v" + i);
        }
        return out;
    }

    static KafkaConsumer<String, String> consumer(RunnelBrokerExtension broker, String group, GroupProtocol protocol) {
        Properties p = broker.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (protocol == GroupProtocol.CLASSIC) {
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        }
        return new KafkaConsumer<>(p);
    }

    /** Polls until {@code count} records arrived or the timeout passed; returns the values. */
    static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count, Duration timeout) {
        List<String> out = new ArrayList<>();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadlineNs) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(r.value());
            }
        }
        return out;
    }
}
