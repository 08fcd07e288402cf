package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (own JVM) while a KafkaShareConsumer accepts records and commits its acknowledgements: after
 * the restart no record is lost (every record is either acknowledged before the kill or delivered after it) and
 * no record whose acknowledgement was confirmed before the kill is delivered again.
 */
class ShareGroupCrashTest {
    private static final String TOPIC = "share-crash";
    private static final String GROUP = "sg-crash";
    private static final int RECORDS = 300;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoUnacknowledgedRecordAndRedeliverNoAcknowledgedOneAcrossKill9() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        // acknowledged, but the commit's answer never came (the kill fell between the broker's write and its reply)
        Set<String> inDoubt = ConcurrentHashMap.newKeySet();
        try (ExternalBroker broker = ExternalBroker.start(data, Map.of("offsets.topic.num.partitions", "3",
                "group.share.heartbeat.interval.ms", "500"))) {
            try (Admin admin = Admin.create(adminProps(broker))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                admin.alterShareGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), 0L)).all()
                        .get(30, TimeUnit.SECONDS);
            }
            produce(broker);
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> consuming = CompletableFuture.runAsync(() -> {
                try (KafkaShareConsumer<String, String> consumer = consumer(broker)) {
                    consumer.subscribe(List.of(TOPIC));
                    while (running.get()) {
                        Set<String> batch = new HashSet<>();
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                            batch.add(r.value());
                        }
                        inDoubt.addAll(batch);
                        Map<TopicIdPartition, Optional<KafkaException>> result =
                                consumer.commitSync(Duration.ofSeconds(2));
                        if (result.values().stream().allMatch(Optional::isEmpty)) {
                            confirmed.addAll(batch);
                            inDoubt.removeAll(batch);
                        }
                    }
                    consumer.close(Duration.ZERO);
                } catch (RuntimeException e) {
                    // the broker is gone
                }
            });
            Awaitility.await("acknowledgements confirmed").atMost(Duration.ofSeconds(60))
                    .until(() -> confirmed.size() >= 60);
            broker.kill9();
            running.set(false);
            consuming.get(60, TimeUnit.SECONDS);
            Set<String> confirmedAtKill = Set.copyOf(confirmed);
            Set<String> inDoubtAtKill = Set.copyOf(inDoubt);
            assertThat(confirmedAtKill.size()).isLessThan(RECORDS);

            broker.start();
            Set<String> after = ConcurrentHashMap.newKeySet();
            List<String> redelivered = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (KafkaShareConsumer<String, String> consumer = consumer(broker)) {
                consumer.subscribe(List.of(TOPIC));
                Awaitility.await("every unacknowledged record after restart").atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                                consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                                after.add(r.value());
                                if (confirmedAtKill.contains(r.value())) {
                                    redelivered.add(r.value());
                                }
                            }
                            consumer.commitSync(Duration.ofSeconds(5));
                            Set<String> missing = new HashSet<>();
                            for (int i = 0; i < RECORDS; i++) {
                                missing.add("v" + i);
                            }
                            missing.removeAll(confirmedAtKill);
                            missing.removeAll(after);
                            missing.removeAll(inDoubtAtKill);
                            assertThat(missing).as("neither acknowledged before the kill nor delivered after it "
                                    + "(%d confirmed, %d in doubt)", confirmedAtKill.size(), inDoubtAtKill.size())
                                    .isEmpty();
                        });
            }
            assertThat(redelivered).isEmpty();
        }
    }

    private static void produce(ExternalBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static KafkaShareConsumer<String, String> consumer(ExternalBroker broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static Properties adminProps(ExternalBroker broker) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return p;
    }
}
