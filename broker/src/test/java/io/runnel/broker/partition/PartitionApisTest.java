package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.metadata.TopicSpec;
import io.runnel.broker.testing.RawKafkaClient;
import io.runnel.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce, Fetch, ListOffsets and InitProducerId over the wire, against an in-process broker. */
class PartitionApisTest {
    @TempDir
    Path dir;
    private BrokerServer broker;
    private Uuid topicId;

    @BeforeEach
    void start() throws Exception {
        broker = TestBrokers.start(dir, Map.of());
        TopicImage t = broker.metadata().create(new TopicSpec("orders", 2, Map.of(), false)).get(10, TimeUnit.SECONDS);
        topicId = t.id();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private ProduceRequest produce(short version, short acks, int partition, MemoryRecords records) {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
        if (version >= 13) {
            topic.setTopicId(topicId);
        } else {
            topic.setName("orders");
        }
        topic.setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                .setRecords(records)));
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        data.topicData().add(topic);
        return new ProduceRequest.Builder(version, version, data).build(version);
    }

    private static MemoryRecords values(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static ProduceResponseData.PartitionProduceResponse only(ProduceResponse r) {
        return r.data().responses().iterator().next().partitionResponses().get(0);
    }

    private FetchRequest fetch(short version, long offset, int maxWaitMs) {
        Map<TopicPartition, FetchRequest.PartitionData> data = Map.of(new TopicPartition("orders", 0),
                new FetchRequest.PartitionData(topicId, offset, -1, 1 << 20, Optional.empty()));
        return FetchRequest.Builder.forConsumer(version, maxWaitMs, 1, data).metadata(FetchMetadata.LEGACY)
                .build(version);
    }

    private static List<String> valuesOf(FetchResponseData.PartitionData p) {
        List<String> out = new ArrayList<>();
        for (RecordBatch b : ((Records) p.records()).batches()) {
            for (Record r : b) {
                byte[] v = new byte[r.valueSize()];
                r.value().get(v);
                out.add(r.offset() + ":" + new String(v));
            }
        }
        return out;
    }

    private static FetchResponseData.PartitionData onlyPartition(FetchResponse r) {
        return r.data().responses().get(0).partitions().get(0);
    }

    @Test
    void shouldProduceWithEveryAckLevelAndFetchBackFromFile() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            ProduceResponse one = (ProduceResponse) client.roundTrip(produce((short) 9, (short) 1, 0, values("a", "b")));
            ProduceResponse all = (ProduceResponse) client.roundTrip(produce((short) 13, (short) -1, 0, values("c")));
            assertThat(only(one).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(only(one).baseOffset()).isZero();
            assertThat(only(all).baseOffset()).isEqualTo(2);

            // acks=0: no response; the next response on the connection belongs to the next request.
            client.send(produce((short) 13, (short) 0, 0, values("d")));
            FetchResponse v12 = (FetchResponse) client.roundTrip(fetch((short) 12, 0, 0));
            assertThat(valuesOf(onlyPartition(v12))).containsExactly("0:a", "1:b", "2:c", "3:d");
            assertThat(onlyPartition(v12).highWatermark()).isEqualTo(4);

            FetchResponse v18 = (FetchResponse) client.roundTrip(fetch((short) 18, 2, 0));
            assertThat(valuesOf(onlyPartition(v18))).startsWith("2:c");
        }
    }

    @Test
    void shouldKeepPipelinedOrderWhetherAnAppendRunsOnTheEventLoopOrAnIoThread() throws Exception {
        // lz4 batches always go to the I/O threads, small uncompressed acks=1 ones may run on the event loop
        // (decision 0023): sent back to back on one connection, they must still land in the order sent.
        List<RequestHeader> sent = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            for (int i = 0; i < 40; i++) {
                String value = "v" + i;
                MemoryRecords records = i % 3 == 0
                        ? MemoryRecords.withRecords(Compression.lz4().build(), new SimpleRecord(value.getBytes()))
                        : values(value);
                sent.add(client.send(produce((short) 13, (short) 1, 0, records)));
                expected.add(i + ":" + value);
            }
            for (int i = 0; i < sent.size(); i++) {
                ProduceResponse r = (ProduceResponse) client.receive(sent.get(i));
                assertThat(only(r).errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(only(r).baseOffset()).isEqualTo(i);
            }
            FetchResponse fetched = (FetchResponse) client.roundTrip(fetch((short) 18, 0, 0));
            assertThat(valuesOf(onlyPartition(fetched))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldWakeLongPollOnAppend() throws Exception {
        try (RawKafkaClient consumer = RawKafkaClient.connect(broker.boundPort());
             RawKafkaClient producer = RawKafkaClient.connect(broker.boundPort())) {
            // Waits up to 60 s on the broker; the client's socket gives up after 10 s: only a wake-up passes.
            RequestHeader parked = consumer.send(fetch((short) 17, 0, 60_000));
            producer.roundTrip(produce((short) 13, (short) 1, 0, values("late")));
            FetchResponse r = (FetchResponse) consumer.receive(parked);
            assertThat(valuesOf(onlyPartition(r))).containsExactly("0:late");
        }
    }

    @Test
    void shouldAnswerErrorsPerPartition() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            client.roundTrip(produce((short) 13, (short) 1, 0, values("a")));
            FetchResponse outOfRange = (FetchResponse) client.roundTrip(fetch((short) 13, 5, 0));
            assertThat(onlyPartition(outOfRange).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());

            Map<TopicPartition, FetchRequest.PartitionData> unknown = Map.of(new TopicPartition("nope", 0),
                    new FetchRequest.PartitionData(Uuid.randomUuid(), 0, -1, 1000, Optional.empty()));
            FetchResponse r = (FetchResponse) client.roundTrip(FetchRequest.Builder.forConsumer((short) 13, 0, 1, unknown)
                    .metadata(FetchMetadata.LEGACY).build((short) 13));
            assertThat(onlyPartition(r).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());

            ProduceResponse badPartition = (ProduceResponse) client.roundTrip(produce((short) 9, (short) 1, 7, values("x")));
            assertThat(only(badPartition).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    @Test
    void shouldListOffsets() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(1000L, null, "a".getBytes()), new SimpleRecord(3000L, null, "b".getBytes()),
                    new SimpleRecord(2000L, null, "c".getBytes()));
            client.roundTrip(produce((short) 13, (short) 1, 1, records));
            assertThat(listOffset(client, ListOffsetsRequest.EARLIEST_TIMESTAMP)).isZero();
            assertThat(listOffset(client, ListOffsetsRequest.LATEST_TIMESTAMP)).isEqualTo(3);
            assertThat(listOffset(client, ListOffsetsRequest.MAX_TIMESTAMP)).isEqualTo(1);
            assertThat(listOffset(client, 2500L)).isEqualTo(1);
            assertThat(listOffset(client, 9999L)).isEqualTo(-1);
        }
    }

    private long listOffset(RawKafkaClient client, long timestamp) throws Exception {
        ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic().setName("orders")
                .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(1)
                        .setTimestamp(timestamp).setCurrentLeaderEpoch(-1)));
        ListOffsetsRequest req = ListOffsetsRequest.Builder.forConsumer(true, IsolationLevel.READ_UNCOMMITTED, true,
                false, false, false).setTargetTimes(List.of(topic)).build((short) 9);
        ListOffsetsResponse r = (ListOffsetsResponse) client.roundTrip(req);
        var p = r.data().topics().get(0).partitions().get(0);
        assertThat(p.errorCode()).isEqualTo(Errors.NONE.code());
        return p.offset();
    }

    @Test
    void shouldDeduplicateIdempotentRetryOverTheWire() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            InitProducerIdResponse init = (InitProducerIdResponse) client.roundTrip(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000))
                    .build((short) 5));
            long pid = init.data().producerId();
            assertThat(init.data().errorCode()).isEqualTo(Errors.NONE.code());

            MemoryRecords first = MemoryRecords.withIdempotentRecords(Compression.gzip().build(), pid, (short) 0, 0,
                    new SimpleRecord("a".getBytes()));
            MemoryRecords retry = MemoryRecords.withIdempotentRecords(Compression.gzip().build(), pid, (short) 0, 0,
                    new SimpleRecord("a".getBytes()));
            MemoryRecords gap = MemoryRecords.withIdempotentRecords(Compression.gzip().build(), pid, (short) 0, 5,
                    new SimpleRecord("z".getBytes()));
            long offset = only((ProduceResponse) client.roundTrip(produce((short) 13, (short) -1, 0, first))).baseOffset();
            var dup = only((ProduceResponse) client.roundTrip(produce((short) 13, (short) -1, 0, retry)));
            var oos = only((ProduceResponse) client.roundTrip(produce((short) 13, (short) -1, 0, gap)));

            assertThat(dup.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(dup.baseOffset()).isEqualTo(offset);
            assertThat(oos.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        }
    }

    /** Every advertised version encodes: a field set beyond its version would close the connection instead. */
    @Test
    void shouldAnswerEveryAdvertisedVersion() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 3; v <= 13; v++) {
                ProduceResponse r = (ProduceResponse) client.roundTrip(produce(v, (short) 1, 0, values("v" + v)));
                assertThat(only(r).errorCode()).as("produce v%s", v).isEqualTo(Errors.NONE.code());
            }
            for (short v = 4; v <= 18; v++) {
                FetchResponse r = (FetchResponse) client.roundTrip(fetch(v, 0, 0));
                assertThat(valuesOf(onlyPartition(r))).as("fetch v%s", v).startsWith("0:v3");
            }
            for (short v = 1; v <= 11; v++) {
                ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("orders").setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                .setPartitionIndex(0).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP)
                                .setCurrentLeaderEpoch(-1)));
                ListOffsetsResponse r = (ListOffsetsResponse) client.roundTrip(ListOffsetsRequest.Builder
                        .forConsumer(true, IsolationLevel.READ_UNCOMMITTED).setTargetTimes(List.of(topic)).build(v));
                assertThat(r.data().topics().get(0).partitions().get(0).offset()).as("list offsets v%s", v)
                        .isEqualTo(11);
            }
        }
    }

    @Test
    void shouldHonourTopicFsyncPolicyAndRejectBadValues() throws Exception {
        TopicImage relaxed = broker.metadata().create(new TopicSpec("relaxed", 1,
                Map.of("runnel.acks.all.fsync", "false"), false)).get(10, TimeUnit.SECONDS);
        assertThat(broker.metadata().image().topic("relaxed")).isPresent();
        topicId = relaxed.id();
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            ProduceResponse r = (ProduceResponse) client.roundTrip(produce((short) 13, (short) -1, 0, values("x")));
            assertThat(only(r).errorCode()).isEqualTo(Errors.NONE.code());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broker.metadata().create(new TopicSpec("bad", 1,
                Map.of("runnel.acks.all.fsync", "sometimes"), false)).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("runnel.acks.all.fsync");
    }
}
