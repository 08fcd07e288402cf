package io.runnel.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.delay.DelayedOperations;
import io.runnel.broker.delay.ManualTime;
import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.metadata.PartitionImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.partition.OrderedExecutor;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.PartitionManager;
import io.runnel.broker.partition.ProduceValidator.Origin;
import io.runnel.broker.security.Authorizer;
import io.runnel.broker.security.NameMapper;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a long-poll fetch is answered: on the appending thread when an append satisfies it (no hand-off to another
 * I/O thread, no timer tick), on the I/O executor when its deadline passes.
 */
class FetchHandlerTest {
    private static final short VERSION = 12; // topic names, so no metadata image is needed
    private static final int MAX_WAIT_MS = 500;

    @TempDir
    Path dir;
    private final ManualTime time = new ManualTime();
    private final TimerWheel wheel = new TimerWheel(time, 1, 64);
    private final TopicPartition tp = new TopicPartition("lat", 0);
    /** The I/O executor: tasks queue here and run only when the test says so. */
    private final ArrayDeque<Runnable> ioTasks = new ArrayDeque<>();
    private final Executor io = ioTasks::add;
    private LogManager logs;
    private PartitionManager partitions;
    private FetchHandler handler;

    @BeforeEach
    void open() throws Exception {
        logs = LogManager.open(dir, time);
        partitions = new PartitionManager(logs, time, dir, overrides -> LogConfig.fromMap(Map.of()),
                new DelayedOperations<>(wheel));
        partitions.onTopicCreated(new TopicImage("lat", Uuid.randomUuid(), List.of(new PartitionImage(0, 1, 0)),
                Map.of(), false));
        // Lanes run inline: the first pass happens within handle(), as if the I/O thread picked it up at once.
        handler = new FetchHandler(partitions, () -> MetadataImage.EMPTY, new FetchSessionCache(10, time),
                new OrderedExecutor(Runnable::run));
    }

    @AfterEach
    void close() {
        partitions.close();
        logs.close();
    }

    private CompletableFuture<AbstractResponse> fetchFrom(long offset) {
        FetchRequest request = FetchRequest.Builder.forConsumer(VERSION, MAX_WAIT_MS, 1,
                        Map.of(tp, new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1, 1 << 20, Optional.empty())))
                .metadata(FetchMetadata.LEGACY).build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, VERSION, "consumer", 7);
        RequestContext ctx = new RequestContext(header, "conn-1", "PLAINTEXT", null, null, time, io,
                Authorizer.ALLOW_ALL, NameMapper.IDENTITY);
        return handler.handle(ctx, request);
    }

    private Partition partition() {
        return partitions.get(tp).orElseThrow();
    }

    private static MemoryRecords values(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L, null, values[i].getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** The offsets and values in the response; releases the file slice it holds. */
    private static List<String> valuesOf(AbstractResponse response) throws IOException {
        FetchResponseData.PartitionData p = ((FetchResponse) response).data().responses().get(0).partitions().get(0);
        Records records;
        if (p.records() instanceof SliceRecords slice) {
            ByteBuffer bytes = ByteBuffer.allocate(slice.sizeInBytes());
            slice.channel().read(bytes, slice.position());
            slice.release();
            records = MemoryRecords.readableRecords(bytes.flip());
        } else {
            records = (Records) p.records();
        }
        List<String> out = new ArrayList<>();
        for (RecordBatch b : records.batches()) {
            for (Record r : b) {
                byte[] v = new byte[r.valueSize()];
                r.value().get(v);
                out.add(r.offset() + ":" + new String(v));
            }
        }
        return out;
    }

    @Test
    void shouldAnswerAParkedFetchOnTheAppendingThread() throws IOException {
        CompletableFuture<AbstractResponse> parked = fetchFrom(0);
        assertThat(parked).isNotDone();

        partition().append(values("a", "b"), (short) 9, Origin.CLIENT);

        // Answered within append(): no I/O task queued, no timer tick, the clock never moved.
        assertThat(ioTasks).isEmpty();
        assertThat(parked).isDone();
        assertThat(valuesOf(parked.join())).containsExactly("0:a", "1:b");
    }

    @Test
    void shouldAnswerAtOnceWhenDataIsAlreadyThere() throws IOException {
        partition().append(values("a"), (short) 9, Origin.CLIENT);

        CompletableFuture<AbstractResponse> fetch = fetchFrom(0);

        assertThat(ioTasks).isEmpty();
        assertThat(valuesOf(fetch.join())).containsExactly("0:a");
    }

    @Test
    void shouldReadAnExpiredFetchOnTheIoExecutorNotTheTimer() throws IOException {
        CompletableFuture<AbstractResponse> parked = fetchFrom(0);

        time.sleep(MAX_WAIT_MS);
        wheel.advance();

        assertThat(parked).isNotDone();
        assertThat(ioTasks).hasSize(1);
        ioTasks.poll().run();
        assertThat(parked).isDone();
        assertThat(valuesOf(parked.join())).isEmpty();
        // A later append finds nothing left to wake.
        partition().append(values("late"), (short) 9, Origin.CLIENT);
        assertThat(ioTasks).isEmpty();
    }

    @Test
    void shouldParkACaughtUpFetchWithoutAnIoThreadAndSendOneWithDataToTheLane() throws IOException {
        ArrayDeque<Runnable> laneTasks = new ArrayDeque<>();
        handler = new FetchHandler(partitions, () -> MetadataImage.EMPTY, new FetchSessionCache(10, time),
                new OrderedExecutor(laneTasks::add));

        CompletableFuture<AbstractResponse> parked = fetchFrom(0);
        assertThat(laneTasks).as("nothing to read: parked from the calling thread").isEmpty();
        assertThat(parked).isNotDone();
        partition().append(values("a"), (short) 9, Origin.CLIENT);
        assertThat(valuesOf(parked.join())).containsExactly("0:a");

        CompletableFuture<AbstractResponse> behind = fetchFrom(0);
        assertThat(behind).as("a read to do: it goes to the I/O lane").isNotDone();
        assertThat(laneTasks).hasSize(1);
        laneTasks.poll().run();
        assertThat(valuesOf(behind.join())).containsExactly("0:a");
    }
}
