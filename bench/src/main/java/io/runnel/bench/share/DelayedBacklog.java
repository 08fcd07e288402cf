package io.runnel.bench.share;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load for measuring the broker's heap with a large backlog of pending delayed records (docs/share-groups.md):
 * produces {@code count} records into a one-partition topic, delayed by an hour ({@code --delayed}) or not, then
 * lets a share group pass them (delayed: into the delay index; undelayed: consumed and accepted) until the group's
 * start offset reaches the end. The heap itself is read from the broker process ({@code jcmd <pid> GC.run} then
 * {@code GC.heap_info}).
 *
 * <p>Usage: {@code DelayedBacklog <bootstrap> <topic> <count> <delayed|undelayed> [produce|pass|both]}: measure
 * the heap after {@code produce} (baseline) and again after {@code pass}.
 */
public final class DelayedBacklog {
    private DelayedBacklog() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        boolean delayed = args[3].equals("delayed");
        String phase = args.length > 4 ? args[4] : "both";
        String group = "backlog-" + topic;
        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        TopicPartition tp = new TopicPartition(topic, 0);
        if (!phase.equals("pass")) {
            produce(common, topic, group, tp, count, delayed);
        }
        if (!phase.equals("produce")) {
            pass(common, topic, group, tp, count);
        }
    }

    private static void produce(Properties common, String topic, String group, TopicPartition tp, int count,
                                boolean delayed) throws Exception {
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            admin.alterShareGroupOffsets(group, Map.of(tp, 0L)).all().get();
        }
        long startNs = System.nanoTime();
        Properties pp = new Properties();
        pp.putAll(common);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(),
                new StringSerializer())) {
            byte[] inAnHour = Long.toString(System.currentTimeMillis() + 3_600_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, null, "r" + i);
                if (delayed) {
                    r.headers().add("runnel.deliver.at", inAnHour);
                }
                producer.send(r);
            }
        }
        System.out.printf("produced %d %s records in %d ms%n", count, delayed ? "delayed" : "undelayed",
                (System.nanoTime() - startNs) / 1_000_000);
    }

    private static void pass(Properties common, String topic, String group, TopicPartition tp, int count)
            throws Exception {
        long startNs = System.nanoTime();
        Properties cp = new Properties();
        cp.putAll(common);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(cp, new StringDeserializer(),
                new StringDeserializer()); Admin admin = Admin.create(common)) {
            consumer.subscribe(List.of(topic));
            long spso = 0;
            while (spso < count) {
                consumer.poll(Duration.ofMillis(500));
                consumer.commitSync();
                spso = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                        .partitionsToOffsetInfo(group).get().get(tp).startOffset();
            }
        }
        System.out.printf("share group start offset reached %d after %d ms%n", count,
                (System.nanoTime() - startNs) / 1_000_000);
    }
}
