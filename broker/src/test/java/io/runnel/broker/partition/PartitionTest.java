package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.delay.DelayedOperations;
import io.runnel.broker.delay.ManualTime;
import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.metadata.PartitionImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.partition.ProduceValidator.Origin;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.LogSlice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTest {
    private static final short V = 13;
    @TempDir
    Path dir;
    private final ManualTime time = new ManualTime();
    private final TimerWheel wheel = new TimerWheel(time, 1, 64);
    private final Uuid topicId = Uuid.randomUuid();
    private final TopicPartition tp = new TopicPartition("orders", 0);
    private LogManager logs;
    private PartitionManager manager;

    private PartitionManager open() throws Exception {
        logs = LogManager.open(dir, time);
        manager = new PartitionManager(logs, time, dir, overrides -> LogConfig.fromMap(Map.of()),
                new DelayedOperations<>(wheel));
        manager.onTopicCreated(new TopicImage("orders", topicId, List.of(new PartitionImage(0, 1, 0)), Map.of(), false));
        return manager;
    }

    private void closeCleanly() {
        manager.close();
        logs.close();
    }

    @AfterEach
    void tearDown() {
        if (logs != null) {
            logs.close();
        }
    }

    private static MemoryRecords idempotent(long pid, short epoch, int seq, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L, "k".getBytes(), values[i].getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, seq, records);
    }

    private List<String> readAll(Partition p) {
        List<String> out = new ArrayList<>();
        LogSlice slice = p.read(0, 1 << 20, true);
        try {
            for (RecordBatch b : slice.records().batches()) {
                for (Record r : b) {
                    byte[] v = new byte[r.valueSize()];
                    r.value().get(v);
                    out.add(r.offset() + ":" + new String(v));
                }
            }
        } finally {
            slice.release();
        }
        return out;
    }

    @Test
    void shouldAppendAndReadBack() throws Exception {
        Partition p = open().getOrThrow(tp);
        AppendInfo a = p.append(idempotent(1, (short) 0, 0, "a", "b"), V, Origin.CLIENT);
        AppendInfo b = p.append(MemoryRecords.withRecords(Compression.lz4().build(), new SimpleRecord("c".getBytes())),
                V, Origin.CLIENT);

        assertThat(a.firstOffset()).isZero();
        assertThat(a.lastOffset()).isEqualTo(1);
        assertThat(b.firstOffset()).isEqualTo(2);
        assertThat(p.highWatermark()).isEqualTo(3);
        assertThat(readAll(p)).containsExactly("0:a", "1:b", "2:c");
    }

    @Test
    void shouldAppendWithoutWaitingOnlyWhatNeedsNoDecompressionAndNoFileCreation() throws Exception {
        Partition p = open().getOrThrow(tp);
        MemoryRecords plain = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("a".getBytes()));
        assertThat(p.tryAppendWithoutWaiting(plain, V))
                .as("the first append writes the leader epoch checkpoint").isNull();
        p.append(plain, V, Origin.CLIENT);

        AppendInfo b = p.tryAppendWithoutWaiting(idempotent(1, (short) 0, 0, "b"), V);
        AppendInfo dup = p.tryAppendWithoutWaiting(idempotent(1, (short) 0, 0, "b"), V);
        MemoryRecords compressed = MemoryRecords.withRecords(Compression.lz4().build(), new SimpleRecord("c".getBytes()));

        assertThat(b.firstOffset()).isEqualTo(1);
        assertThat(dup.duplicate()).isTrue();
        assertThat(p.tryAppendWithoutWaiting(compressed, V)).isNull();
        assertThatThrownBy(() -> p.tryAppendWithoutWaiting(idempotent(1, (short) 0, 5, "x"), V))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(readAll(p)).containsExactly("0:a", "1:b");
    }

    @Test
    void shouldAnswerDuplicateWithOriginalOffsetsAndWriteNothing() throws Exception {
        Partition p = open().getOrThrow(tp);
        p.append(idempotent(7, (short) 0, 0, "a"), V, Origin.CLIENT);
        p.append(idempotent(7, (short) 0, 1, "b", "c"), V, Origin.CLIENT);

        AppendInfo dup = p.append(idempotent(7, (short) 0, 1, "b", "c"), V, Origin.CLIENT);

        assertThat(dup.duplicate()).isTrue();
        assertThat(dup.firstOffset()).isEqualTo(1);
        assertThat(dup.lastOffset()).isEqualTo(2);
        assertThat(p.logEndOffset()).isEqualTo(3);
    }

    @Test
    void shouldRejectGapAndOldEpoch() throws Exception {
        Partition p = open().getOrThrow(tp);
        p.append(idempotent(7, (short) 1, 0, "a"), V, Origin.CLIENT);

        assertThatThrownBy(() -> p.append(idempotent(7, (short) 1, 5, "x"), V, Origin.CLIENT))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThatThrownBy(() -> p.append(idempotent(7, (short) 0, 1, "x"), V, Origin.CLIENT))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(p.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldKeepProducerStateAcrossCleanRestart() throws Exception {
        Partition p = open().getOrThrow(tp);
        p.append(idempotent(9, (short) 0, 0, "a"), V, Origin.CLIENT);
        closeCleanly();

        Partition reopened = open().getOrThrow(tp);
        AppendInfo dup = reopened.append(idempotent(9, (short) 0, 0, "a"), V, Origin.CLIENT);
        assertThat(dup.duplicate()).isTrue();
        assertThatThrownBy(() -> reopened.append(idempotent(9, (short) 0, 3, "x"), V, Origin.CLIENT))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void shouldRebuildProducerStateFromLogWithoutSnapshot() throws Exception {
        Partition p = open().getOrThrow(tp);
        p.append(idempotent(9, (short) 0, 0, "a"), V, Origin.CLIENT);
        p.writeProducerSnapshot();
        p.append(idempotent(9, (short) 0, 1, "b"), V, Origin.CLIENT); // after the snapshot: only in the log
        logs.close(); // "crash" as far as the partition layer goes: no snapshot of the last batch

        Partition reopened = open().getOrThrow(tp);
        assertThat(reopened.append(idempotent(9, (short) 0, 1, "b"), V, Origin.CLIENT).duplicate()).isTrue();
        assertThat(reopened.append(idempotent(9, (short) 0, 2, "c"), V, Origin.CLIENT).firstOffset()).isEqualTo(2);
    }

    @Test
    void shouldCheckLeaderEpochs() throws Exception {
        Partition p = open().getOrThrow(tp);
        p.throwIfEpochMismatch(Optional.of(0));
        p.throwIfEpochMismatch(Optional.empty());
        p.updateLeaderEpoch(3);
        assertThatThrownBy(() -> p.throwIfEpochMismatch(Optional.of(2))).isInstanceOf(FencedLeaderEpochException.class);
        assertThatThrownBy(() -> p.throwIfEpochMismatch(Optional.of(4))).isInstanceOf(UnknownLeaderEpochException.class);
    }

    @Test
    void shouldForgetDeletedTopic() throws Exception {
        PartitionManager m = open();
        m.onTopicDeleted(new TopicImage("orders", topicId, List.of(new PartitionImage(0, 1, 0)), Map.of(), false));
        assertThatThrownBy(() -> m.getOrThrow(tp)).isInstanceOf(UnknownTopicOrPartitionException.class);
    }
}
