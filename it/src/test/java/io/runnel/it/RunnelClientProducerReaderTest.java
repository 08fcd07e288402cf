package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.client.Message;
import io.runnel.client.MessageHeaders;
import io.runnel.client.MessageId;
import io.runnel.client.Producer;
import io.runnel.client.Reader;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runnel client producers and readers against an in-process broker: what the producer writes is what stock Kafka
 * consumers and Runnel readers see (keys, properties, event time, delivery header), and readers start from the
 * earliest, latest, a message id or a timestamp.
 */
class RunnelClientProducerReaderTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    private static RunnelClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = RunnelClientSupport.client(BROKER);
    }

    @AfterAll
    static void closeClient() throws Exception {
        client.close();
    }

    public static final class Reading {
        public String sensor;
        public double celsius;
    }

    @Test
    void shouldWriteWhatStockConsumersRead() throws Exception {
        GroupTestSupport.createTopic(BROKER, "produced", 1);
        long deliverAt = System.currentTimeMillis() + 3_600_000;
        MessageId first;
        try (Producer<String> producer = client.newProducer(Schema.STRING).topic("produced").create()) {
            first = producer.send("plain");
            MessageId second = producer.newMessage().key("k1").value("rich").property("origin", "test")
                    .eventTime(1_700_000_000_000L).deliverAt(deliverAt).send();
            CompletableFuture<MessageId> third = producer.sendAsync("async");
            assertThat(first).isEqualTo(MessageId.of("produced", 0, 0));
            assertThat(second).isEqualTo(MessageId.of("produced", 0, 1));
            assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(MessageId.of("produced", 0, 2));
        }
        try (KafkaConsumer<String, String> stock = GroupTestSupport.consumer(BROKER, "stock-reader",
                GroupProtocol.CONSUMER)) {
            stock.subscribe(List.of("produced"));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 3 && System.nanoTime() < deadline) {
                stock.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("plain", "rich", "async");
            ConsumerRecord<String, String> rich = records.get(1);
            assertThat(rich.key()).isEqualTo("k1");
            assertThat(header(rich, "origin")).isEqualTo("test");
            assertThat(header(rich, MessageHeaders.EVENT_TIME)).isEqualTo("1700000000000");
            assertThat(header(rich, MessageHeaders.DELIVER_AT)).isEqualTo(Long.toString(deliverAt));
            assertThat(records.get(0).headers().toArray()).isEmpty();
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSetDeliverAfterRelativeToTheSendTime() throws Exception {
        GroupTestSupport.createTopic(BROKER, "delayed", 1);
        long before = System.currentTimeMillis();
        try (Producer<String> producer = client.newProducer(Schema.STRING).topic("delayed").create();
             Reader<String> reader = client.newReader(Schema.STRING).topic("delayed")
                     .startMessageId(MessageId.earliest).create()) {
            producer.newMessage().value("later").deliverAfter(90, TimeUnit.SECONDS).send();
            long after = System.currentTimeMillis();
            Message<String> m = reader.readNext(30, TimeUnit.SECONDS);
            long deliverAt = Long.parseLong(m.getProperty(MessageHeaders.DELIVER_AT));
            assertThat(deliverAt).isBetween(before + 90_000, after + 90_000);
        }
    }

    @Test
    void shouldReadFromEarliestLatestIdAndTimestamp() throws Exception {
        GroupTestSupport.createTopic(BROKER, "readable", 2);
        List<MessageId> ids = new ArrayList<>();
        long midTime;
        try (Producer<Long> producer = client.newProducer(Schema.INT64).topic("readable").create()) {
            for (long i = 0; i < 10; i++) {
                ids.add(producer.newMessage().key("k" + i).value(i).send());
            }
            midTime = System.currentTimeMillis();
            org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > midTime);
            for (long i = 10; i < 20; i++) {
                ids.add(producer.newMessage().key("k" + i).value(i).send());
            }
        }
        try (Reader<Long> reader = client.newReader(Schema.INT64).topic("readable")
                .startMessageId(MessageId.earliest).create()) {
            assertThat(reader.hasMessageAvailable()).isTrue();
            assertThat(readAll(reader)).containsExactlyInAnyOrderElementsOf(range(0, 20));
            assertThat(reader.hasMessageAvailable()).isFalse();
            assertThat(reader.readNext(300, TimeUnit.MILLISECONDS)).isNull();

            reader.seek(midTime); // the first 10 were sent before midTime, the rest after
            assertThat(readAll(reader)).containsExactlyInAnyOrderElementsOf(range(10, 20));

            reader.seek(MessageId.earliest);
            assertThat(readAll(reader)).hasSize(20);
        }
        try (Reader<Long> latest = client.newReader(Schema.INT64).topic("readable")
                .startMessageId(MessageId.latest).create();
             Producer<Long> producer = client.newProducer(Schema.INT64).topic("readable").create()) {
            assertThat(latest.hasMessageAvailable()).isFalse();
            ids.add(producer.send(99L));
            assertThat(latest.readNext(30, TimeUnit.SECONDS).getValue()).isEqualTo(99L);
        }
        MessageId fifth = ids.get(5);
        List<Long> samePartitionAfter = new ArrayList<>();
        List<Long> otherPartitions = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long value = i < 20 ? i : 99;
            if (ids.get(i).partition() != fifth.partition()) {
                otherPartitions.add(value);
            } else if (ids.get(i).offset() > fifth.offset()) {
                samePartitionAfter.add(value);
            }
        }
        try (Reader<Long> fromId = client.newReader(Schema.INT64).topic("readable").startMessageId(fifth).create()) {
            List<Message<Long>> read = readAllMessages(fromId);
            assertThat(read.stream().filter(m -> m.getMessageId().partition() == fifth.partition())
                    .map(Message::getValue)).containsExactlyElementsOf(samePartitionAfter);
            assertThat(read.stream().filter(m -> m.getMessageId().partition() != fifth.partition())
                    .map(Message::getValue)).containsExactlyInAnyOrderElementsOf(otherPartitions);
        }
        MessageId parsed = MessageId.fromByteArray(fifth.toByteArray());
        try (Reader<Long> inclusive = client.newReader(Schema.INT64).topic("readable").startMessageId(parsed)
                .startMessageIdInclusive().create()) {
            List<Message<Long>> read = readAllMessages(inclusive);
            assertThat(read).anyMatch(m -> m.getMessageId().equals(fifth) && m.getValue() == 5L);
            inclusive.seek(MessageId.fromString(fifth.toString()));
            assertThat(inclusive.readNext(30, TimeUnit.SECONDS).getMessageId()).isEqualTo(fifth);
        }
    }

    @Test
    void shouldCarryJsonValuesAndEventTime() throws Exception {
        GroupTestSupport.createTopic(BROKER, "readings", 1);
        Reading r = new Reading();
        r.sensor = "s1";
        r.celsius = 21.5;
        try (Producer<Reading> producer = client.newProducer(Schema.JSON(Reading.class)).topic("readings").create();
             Reader<Reading> reader = client.newReader(Schema.JSON(Reading.class)).topic("readings")
                     .startMessageId(MessageId.earliest).create()) {
            producer.newMessage().key("s1").value(r).eventTime(1234L).property("unit", "C").send();
            Message<Reading> m = reader.readNext(30, TimeUnit.SECONDS);
            assertThat(m.getValue().sensor).isEqualTo("s1");
            assertThat(m.getValue().celsius).isEqualTo(21.5);
            assertThat(m.getKey()).isEqualTo("s1");
            assertThat(m.getEventTime()).isEqualTo(1234L);
            assertThat(m.getProperties()).containsEntry("unit", "C");
            assertThat(m.getPublishTime()).isPositive();
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).contains("\"sensor\":\"s1\"");
        }
    }

    @Test
    void shouldRejectBadReadersAndClosedHandles() throws Exception {
        assertThatThrownBy(() -> client.newReader(Schema.STRING).topic("readable")
                .startMessageId(MessageId.of("other", 0, 0)).create())
                .hasMessageContaining("is not of topic readable");
        assertThatThrownBy(() -> client.newReader(Schema.STRING).topic("x").create())
                .hasMessageContaining("needs a start");
        assertThatThrownBy(() -> client.newProducer(Schema.STRING).create()).hasMessageContaining("needs a topic");
        GroupTestSupport.createTopic(BROKER, "closing", 1);
        Producer<String> producer = client.newProducer(Schema.STRING).topic("closing").create();
        producer.close();
        assertThatThrownBy(() -> producer.send("x"))
                .isInstanceOf(RunnelClientException.AlreadyClosedException.class);
    }

    private static List<Long> readAll(Reader<Long> reader) throws Exception {
        return readAllMessages(reader).stream().map(Message::getValue).toList();
    }

    private static List<Message<Long>> readAllMessages(Reader<Long> reader) throws Exception {
        List<Message<Long>> out = new ArrayList<>();
        while (reader.hasMessageAvailable()) {
            Message<Long> m = reader.readNext(30, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            out.add(m);
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

}
