package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Consumer groups with the stock kafka-clients 4.4 consumer, under both group protocols: commits and offset
 * fetch, and a group of three whose members leave and join while records are produced, with no record lost and
 * committed offsets never going backwards.
 */
class ConsumerGroupClientsTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void shouldConsumeCommitAndResumeFromCommittedOffsets(GroupProtocol protocol) throws Exception {
        String topic = "resume-" + protocol.name().toLowerCase();
        String group = "g-resume-" + protocol.name().toLowerCase();
        GroupTestSupport.createTopic(BROKER, topic, 3);
        GroupTestSupport.produce(BROKER, topic, 0, 30);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, protocol)) {
            consumer.subscribe(List.of(topic));
            List<String> seen = GroupTestSupport.pollUntil(consumer, 30, Duration.ofSeconds(60));
            assertThat(seen).hasSize(30);
            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(
                    new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(30);
        }
        GroupTestSupport.produce(BROKER, topic, 30, 10);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, protocol)) {
            consumer.subscribe(List.of(topic));
            List<String> seen = GroupTestSupport.pollUntil(consumer, 10, Duration.ofSeconds(60));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(30, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void shouldSubscribeByPattern(GroupProtocol protocol) throws Exception {
        String prefix = "pattern-" + protocol.name().toLowerCase() + "-";
        GroupTestSupport.createTopic(BROKER, prefix + "a", 2);
        GroupTestSupport.createTopic(BROKER, prefix + "b", 1);
        GroupTestSupport.produce(BROKER, prefix + "a", 0, 10);
        GroupTestSupport.produce(BROKER, prefix + "b", 10, 10);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, "g-" + prefix, protocol)) {
            consumer.subscribe(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix) + ".*"));
            assertThat(GroupTestSupport.pollUntil(consumer, 20, Duration.ofSeconds(60)))
                    .containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 20));
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void shouldLoseNothingWhileMembersLeaveAndJoinMidStream(GroupProtocol protocol) throws Exception {
        String topic = "churn-" + protocol.name().toLowerCase();
        String group = "g-churn-" + protocol.name().toLowerCase();
        int partitions = 6;
        int total = 3000;
        GroupTestSupport.createTopic(BROKER, topic, partitions);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        List<AtomicBoolean> running = new ArrayList<>();
        List<Future<?>> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                AtomicBoolean run = new AtomicBoolean(true);
                running.add(run);
                members.add(pool.submit(() -> consumeLoop(group, protocol, topic, run, consumed, lastCommitted,
                        violations)));
            }
            Future<?> producer = pool.submit(() -> {
                for (int batch = 0; batch < 10; batch++) {
                    GroupTestSupport.produce(BROKER, topic, batch * (total / 10), total / 10);
                    sleepQuietly(300);
                }
                return null;
            });
            // Churn while producing: one member leaves, a new one joins, another leaves.
            await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= total / 5);
            running.get(0).set(false);
            members.get(0).get(60, TimeUnit.SECONDS);
            AtomicBoolean newcomer = new AtomicBoolean(true);
            running.add(newcomer);
            members.add(pool.submit(() -> consumeLoop(group, protocol, topic, newcomer, consumed, lastCommitted,
                    violations)));
            await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= total / 2);
            running.get(1).set(false);
            members.get(1).get(60, TimeUnit.SECONDS);
            producer.get(120, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> consumed.size() == total);
        } finally {
            running.forEach(r -> r.set(false));
            for (Future<?> m : members) {
                m.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(consumed).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, total));
        assertThat(violations).as("committed offsets went backwards").isEmpty();
        try (Admin admin = BROKER.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long sum = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(sum).isEqualTo(total);
        }
    }

    /** Polls, records every value, commits synchronously after each non-empty poll and on revocation. */
    private static Object consumeLoop(String group, GroupProtocol protocol, String topic, AtomicBoolean run,
                                      Set<String> consumed, Map<TopicPartition, Long> lastCommitted,
                                      List<String> violations) {
        Map<TopicPartition, Long> next = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, protocol)) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(consumer, next, partitions, lastCommitted, violations);
                    partitions.forEach(next::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (run.get() && System.nanoTime() < deadlineNs) {
                boolean any = false;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    consumed.add(r.value());
                    next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    any = true;
                }
                if (any) {
                    commit(consumer, next, next.keySet(), lastCommitted, violations);
                }
            }
            commit(consumer, next, next.keySet(), lastCommitted, violations);
        }
        return null;
    }

    /** Commits the next offsets of the given partitions (those this member consumed from). */
    private static void commit(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> next,
                               Collection<TopicPartition> partitions, Map<TopicPartition, Long> lastCommitted,
                               List<String> violations) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = next.get(tp);
            if (offset != null) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitSync(offsets);
        offsets.forEach((tp, o) -> lastCommitted.merge(tp, o.offset(), (before, now) -> {
            if (now < before) {
                violations.add(tp + ": " + before + " -> " + now);
            }
            return Math.max(before, now);
        }));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
