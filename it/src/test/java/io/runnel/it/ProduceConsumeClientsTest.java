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
}
