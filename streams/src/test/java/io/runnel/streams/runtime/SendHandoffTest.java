package io.runnel.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendHandoffTest {
    private static ProducerRecord<byte[], byte[]> record(int i) {
        return new ProducerRecord<>("out", 0, null, Integer.toString(i).getBytes());
    }

    private static List<Integer> sentValues(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream().map(r -> Integer.parseInt(new String(r.value()))).toList();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldGiveEverySendToTheProducerInOrderByTheFlush(boolean direct) {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        List<Exception> errors = new CopyOnWriteArrayList<>();
        AtomicInteger acked = new AtomicInteger();
        Callback callback = (m, e) -> acked.incrementAndGet();
        try (SendHandoff sends = new SendHandoff(producer, direct, "test-sends", errors::add)) {
            int n = SendHandoff.BATCH * 3 + 7; // whole batches and a partial one
            for (int i = 0; i < n; i++) {
                sends.send(record(i), callback);
            }
            sends.flush();
            assertThat(sentValues(producer)).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
            assertThat(acked).hasValue(n);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void shouldHandOverAPartialBatchWithoutAFlush() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (SendHandoff sends = new SendHandoff(producer, false, "test-sends", e -> { })) {
            sends.send(record(1), null);
            sends.send(record(2), null);
            sends.handOver();
            await().until(() -> producer.history().size() == 2);
            assertThat(sentValues(producer)).containsExactly(1, 2);
        }
    }

    @Test
    void shouldReportTheFirstRefusedSendAndDropTheSendsAfterIt() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback callback) {
                if (new String(r.value()).equals("5")) {
                    throw new KafkaException("refused");
                }
                return super.send(r, callback);
            }
        };
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (SendHandoff sends = new SendHandoff(producer, false, "test-sends", errors::add)) {
            for (int i = 0; i < 10; i++) {
                sends.send(record(i), null);
            }
            sends.flush(); // passes the refused send: the processing thread learns of it from the error sink
            assertThat(sentValues(producer)).containsExactly(0, 1, 2, 3, 4);
            assertThat(errors).singleElement().extracting(Exception::getMessage).isEqualTo("refused");
            sends.send(record(11), null);
            sends.flush();
            assertThat(sentValues(producer)).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void shouldStopTheSenderThreadOnClose() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        SendHandoff sends = new SendHandoff(producer, false, "test-sends-close", e -> { });
        sends.send(record(1), null);
        sends.close(false); // hands over what is pending and waits for it
        assertThat(sentValues(producer)).containsExactly(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-sends-close"));
    }
}
