package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (own JVM) while a consumer commits offsets as fast as it can: after the restart the group's
 * committed offset is at least the last one whose commit was acknowledged (a commit is answered only once its
 * record is fsynced) and at most the last one attempted. Companion of {@link CrashDurabilityTest}.
 */
class CommittedOffsetsCrashTest {
    private static final String TOPIC = "committed";
    private static final String GROUP = "crash-committer";

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedCommitAcrossKill9() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        AtomicLong acknowledged = new AtomicLong(-1);
        AtomicLong attempted = new AtomicLong(-1);
        try (ExternalBroker broker = ExternalBroker.start(data, Map.of("offsets.topic.num.partitions", "3"))) {
            try (Admin admin = Admin.create(adminProps(broker))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> committer = CompletableFuture.runAsync(() -> {
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(broker),
                        new StringDeserializer(), new StringDeserializer())) {
                    consumer.assign(List.of(tp));
                    for (long offset = 1; running.get() && offset < 1_000_000; offset++) {
                        attempted.set(offset);
                        try {
                            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)), Duration.ofSeconds(2));
                            acknowledged.set(offset);
                        } catch (RuntimeException e) {
                            return; // the broker is gone
                        }
                    }
                }
            });
            long startNs = System.nanoTime();
            Awaitility.await("commits acknowledged").atMost(Duration.ofSeconds(60))
                    .until(() -> acknowledged.get() >= 200);
            System.out.printf("%d sequential commitSync acknowledged in %d ms%n", acknowledged.get(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            broker.kill9();
            running.set(false);
            committer.get(30, TimeUnit.SECONDS);
            long ackedAtKill = acknowledged.get();
            long attemptedAtKill = attempted.get();

            System.out.printf("killed at %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            broker.start();
            System.out.printf("restarted at %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            try (Admin admin = Admin.create(adminProps(broker))) {
                Awaitility.await("committed offset after restart").atMost(Duration.ofSeconds(60))
                        .ignoreExceptions().untilAsserted(() -> {
                            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
                                    .partitionsToOffsetAndMetadata().get().get(tp);
                            assertThat(committed).isNotNull();
                            assertThat(committed.offset()).isBetween(ackedAtKill, attemptedAtKill);
                        });
            }
            System.out.printf("verified at %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
    }

    private static Properties adminProps(ExternalBroker broker) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return p;
    }

    private static Properties consumerProps(ExternalBroker broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        return p;
    }
}
