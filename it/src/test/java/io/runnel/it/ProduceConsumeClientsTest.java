package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stock kafka-clients 4.4 producer and consumer against Runnel: every codec with the idempotent producer,
 * every acks level, read back with assign + seek.
 */
class ProduceConsumeClientsTest {
    private static final int RECORDS = 2_000;

    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(String compression, String acks, boolean idempotent) {
        Properties props = BROKER.clientProperties();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf(idempotent));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        Properties props = BROKER.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripIdempotentProducerWithEveryCodec(String codec) throws Exception {
        String topic = "codec-" + codec;
        createTopic(topic, 3);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(codec, "all", true)) {
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 50), "value-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : acks) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<String, String>> read = readAll(topic, 3, RECORDS);

        assertThat(read).hasSize(RECORDS);
        assertThat(read.stream().map(ConsumerRecord::value).distinct()).hasSize(RECORDS);
        // Per key (one partition each) the order is the send order.
        List<Integer> key7 = read.stream().filter(r -> r.key().equals("key-7"))
                .map(r -> Integer.parseInt(r.value().substring(6))).toList();
        assertThat(key7).isSorted().hasSize(RECORDS / 50);
    }

    @ParameterizedTest
    @CsvSource({"0,false", "1,false", "all,false", "all,true"})
    void shouldStoreEveryRecordAtEachAcksLevel(String acks, boolean idempotent) throws Exception {
        String topic = "acks-" + acks + "-" + idempotent;
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer("none", acks, idempotent)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> read = readAll(topic, 1, RECORDS);
        assertThat(read).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, RECORDS).mapToObj(i -> "v" + i).toList());
        assertThat(read.get(RECORDS - 1).offset()).isEqualTo(RECORDS - 1);
    }

    @org.junit.jupiter.api.Test
    void shouldDeleteRecordsDescribeLogDirsAndFindOffsetsByTime() throws Exception {
        String topic = "admin-records";
        createTopic(topic, 1);
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = producer("lz4", "all", true)) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 100L, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = BROKER.admin()) {
            var deleted = admin.deleteRecords(java.util.Map.of(tp,
                    org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(40))).lowWatermarks().get(tp)
                    .get(30, TimeUnit.SECONDS);
            assertThat(deleted.lowWatermark()).isEqualTo(40);

            var dirs = admin.describeLogDirs(List.of(BROKER.server().metadata().brokerId())).allDescriptions()
                    .get(30, TimeUnit.SECONDS);
            var replicas = dirs.values().iterator().next().values().iterator().next().replicaInfos();
            assertThat(replicas).containsKey(tp);
            assertThat(replicas.get(tp).size()).isPositive();

            var earliest = admin.listOffsets(java.util.Map.of(tp,
                    org.apache.kafka.clients.admin.OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS);
            var latest = admin.listOffsets(java.util.Map.of(tp,
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS);
            var maxTs = admin.listOffsets(java.util.Map.of(tp,
                    org.apache.kafka.clients.admin.OffsetSpec.maxTimestamp())).partitionResult(tp).get(30, TimeUnit.SECONDS);
            assertThat(earliest.offset()).isEqualTo(40);
            assertThat(latest.offset()).isEqualTo(100);
            assertThat(maxTs.offset()).isEqualTo(99);
            assertThat(maxTs.timestamp()).isEqualTo(base + 9900);
        }
        Properties props = BROKER.clientProperties();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            var found = consumer.offsetsForTimes(java.util.Map.of(tp, base + 5050)).get(tp);
            assertThat(found.offset()).isEqualTo(51);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> first = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (first.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(first::add);
            }
            assertThat(first.get(0).offset()).isEqualTo(40);
        }
    }
}
