package io.runnel.bench.client;

import io.runnel.client.Consumer;
import io.runnel.client.Message;
import io.runnel.client.Producer;
import io.runnel.client.RunnelClient;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the Runnel client's Pulsar-style API costs over plain kafka-clients, against a running broker: producing
 * (sendAsync + flush, acks=all, idempotent, linger 1 ms on both sides) and consuming with per-message
 * acknowledgement (Runnel Exclusive receive + acknowledge each message, against KafkaConsumer poll + commitAsync
 * per poll). Each round runs all four on a fresh one-partition topic, baseline and Runnel alternating first;
 * prints the median messages/s of each and the Runnel/baseline ratios.
 *
 * <p>Usage: {@code ClientOverhead <bootstrap host:port> <messages> <value bytes> <rounds>}
 */
public final class ClientOverhead {
    private ClientOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int messages = Integer.parseInt(args[1]);
        byte[] value = new byte[Integer.parseInt(args[2])];
        int rounds = Integer.parseInt(args[3]);
        List<Double> rawProduce = new ArrayList<>();
        List<Double> runnelProduce = new ArrayList<>();
        List<Double> rawConsume = new ArrayList<>();
        List<Double> runnelConsume = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (Admin admin = Admin.create(props(bootstrap));
             RunnelClient client = RunnelClient.builder().serviceUrl("runnel://" + bootstrap).build()) {
            for (int round = 0; round < rounds; round++) {
                String rawTopic = "overhead-raw-" + run + "-" + round;
                String runnelTopic = "overhead-runnel-" + run + "-" + round;
                admin.createTopics(List.of(new NewTopic(rawTopic, 1, (short) 1),
                        new NewTopic(runnelTopic, 1, (short) 1))).all().get();
                boolean rawFirst = round % 2 == 0;
                for (int leg = 0; leg < 2; leg++) {
                    if ((leg == 0) == rawFirst) {
                        rawProduce.add(rate(messages, () -> produceRaw(bootstrap, rawTopic, messages, value)));
                        rawConsume.add(rate(messages, () -> consumeRaw(bootstrap, rawTopic, messages)));
                    } else {
                        runnelProduce.add(rate(messages, () -> produceRunnel(client, runnelTopic, messages, value)));
                        runnelConsume.add(rate(messages, () -> consumeRunnel(client, runnelTopic, messages)));
                    }
                }
            }
        }
        report("produce (sendAsync+flush)", rawProduce, runnelProduce);
        report("consume (per-message ack)", rawConsume, runnelConsume);
    }

    interface Body {
        void run() throws Exception;
    }

    private static double rate(int messages, Body body) throws Exception {
        long startNs = System.nanoTime();
        body.run();
        return messages / ((System.nanoTime() - startNs) / 1e9);
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private static void produceRaw(String bootstrap, String topic, int messages, byte[] value) {
        Properties p = props(bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    private static void produceRunnel(RunnelClient client, String topic, int messages, byte[] value)
            throws Exception {
        try (Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(topic).create()) {
            for (int i = 0; i < messages; i++) {
                producer.sendAsync(value);
            }
            producer.flush();
        }
    }

    private static void consumeRaw(String bootstrap, String topic, int messages) {
        Properties p = props(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "overhead-" + topic);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int seen = 0;
            while (seen < messages) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                seen += records.count();
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
            consumer.commitSync();
        }
    }

    private static void consumeRunnel(RunnelClient client, String topic, int messages) throws Exception {
        try (Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic)
                .subscriptionName("overhead-" + topic).subscriptionType(SubscriptionType.Exclusive)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
            for (int i = 0; i < messages; i++) {
                Message<byte[]> m = consumer.receive(30, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("no message within 30 s after " + i);
                }
                consumer.acknowledge(m);
            }
        }
    }

    private static void report(String what, List<Double> baseline, List<Double> runnel) {
        double b = median(baseline);
        double r = median(runnel);
        System.out.printf("%-28s kafka-clients %,10.0f msg/s   runnel-client %,10.0f msg/s   ratio %.2f%n", what, b, r,
                r / b);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
