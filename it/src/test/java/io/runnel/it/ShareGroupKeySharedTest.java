package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key-shared share groups ({@code runnel.share.key.shared=true}) with several stock KafkaShareConsumers, more
 * consumers than partitions: every key's records are processed in order, never by two members at once, and keys
 * spread over the members.
 */
class ShareGroupKeySharedTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500");

    @Test
    void shouldHandEachKeyToOneMemberAtATimeInOrder() throws Exception {
        String topic = "key-shared";
        String group = "sg-key-shared";
        int keys = 12;
        int perKey = 40;
        GroupTestSupport.createTopic(BROKER, topic, 2);
        try (Admin admin = BROKER.admin()) {
            ShareGroupDeadLetterTest.setGroupConfigs(admin, group, Map.of("share.auto.offset.reset", "earliest",
                    "runnel.share.key.shared", "true"));
        }
        Properties pp = BROKER.clientProperties();
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    producer.send(new ProducerRecord<>(topic, "key" + k, Integer.toString(i)));
                }
            }
            producer.flush();
        }
        Map<String, String> inProcessBy = new ConcurrentHashMap<>();
        Map<String, List<Integer>> sequence = new ConcurrentHashMap<>();
        Map<String, Map<String, Integer>> countsByMember = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> members = new ArrayList<>();
        try {
            for (int m = 0; m < 4; m++) { // four members, two partitions
                String name = "m" + m;
                members.add(pool.submit(() -> {
                    try (KafkaShareConsumer<String, String> c = ShareConsumerTest.shareConsumer(BROKER, group, true,
                            Map.of("max.poll.records", "8"))) {
                        c.subscribe(List.of(topic));
                        while (running.get()) {
                            var records = c.poll(Duration.ofMillis(100));
                            Map<String, Boolean> mine = new HashMap<>();
                            for (ConsumerRecord<String, String> r : records) {
                                String previous = inProcessBy.putIfAbsent(r.key(), name);
                                if (previous != null && !previous.equals(name)) {
                                    violations.add(r.key() + " held by " + previous + " and " + name);
                                }
                                mine.put(r.key(), true);
                                sequence.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>())
                                        .add(Integer.parseInt(r.value()));
                                countsByMember.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                                        .merge(r.key(), 1, Integer::sum);
                                c.acknowledge(r, AcknowledgeType.ACCEPT);
                            }
                            // Release the keys before the acknowledgements are sent: the broker frees a key only
                            // once its records are acknowledged.
                            mine.keySet().forEach(k -> inProcessBy.remove(k, name));
                            c.commitSync();
                        }
                    }
                    return null;
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                    sequence.values().stream().mapToInt(List::size).sum() >= keys * perKey);
        } finally {
            running.set(false);
            for (Future<?> f : members) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertThat(violations).isEmpty();
        assertThat(sequence).hasSize(keys);
        for (Map.Entry<String, List<Integer>> e : sequence.entrySet()) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(i);
            }
            assertThat(e.getValue()).as("order of %s", e.getKey()).containsExactlyElementsOf(expected);
        }
        assertThat(countsByMember.keySet()).as("keys spread over members").hasSizeGreaterThan(1);
    }
}
