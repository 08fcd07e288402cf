package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (in its own JVM) in the middle of an acks=all stream: after a restart over the same data,
 * every record the producer saw acknowledged is read back.
 */
class CrashDurabilityTest {
    private static final String TOPIC = "durable";
    private static final int PARTITIONS = 3;
    private static final int SEND_MAX = 200_000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedRecordAcrossKill9() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ExternalBroker broker = ExternalBroker.start(data, Map.of())) {
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin a = Admin.create(admin)) {
                a.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
            KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer());
            try {
                int sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // Stream until enough acknowledgements, then kill the broker mid-stream.
                while (sent < SEND_MAX && System.nanoTime() < deadline) {
                    String value = "v" + sent;
                    producer.send(new ProducerRecord<>(TOPIC, "k" + (sent % 97), value), (md, e) -> {
                        if (e == null) {
                            acknowledged.add(value);
                        }
                    });
                    sent++;
                    if (acknowledged.size() >= 5_000) {
                        broker.kill9();
                        break;
                    }
                }
                assertThat(acknowledged.size()).as("acknowledged before the kill").isGreaterThanOrEqualTo(5_000);
            } finally {
                producer.close(Duration.ofSeconds(1)); // the broker is dead: pending sends can only fail
            }
            Set<String> ackedAtKill = Set.copyOf(acknowledged);

            broker.start();
            Properties cprops = new Properties();
            cprops.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            cprops.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            cprops.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            Set<String> read = ConcurrentHashMap.newKeySet();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cprops, new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> tps = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                        new TopicPartition(TOPIC, 2));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                Awaitility.await("every acknowledged record read back").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(10)).until(() -> {
                            consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                            return read.containsAll(ackedAtKill);
                        });
            }
            assertThat(read).containsAll(ackedAtKill);
        }
    }
}
