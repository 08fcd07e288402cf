package io.runnel.storage;

import static io.runnel.storage.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.Time;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    @TempDir
    Path dir;
    LogManager manager;
    final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog log(Map<String, String> config) {
        manager = LogManager.open(dir, time, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
        return manager.getOrCreate("orders", 0, LogConfig.fromMap(config));
    }

    private void reopen() {
        manager.close();
        manager = LogManager.open(dir, time, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
    }

    @Test
    void shouldAssignOffsetsStampEpochAndReadBack() {
        PartitionLog log = log(Map.of());
        AppendResult first = log.append(batch(10, "a", "b"), 3, time.nowMs());
        AppendResult second = log.append(batch(20, "c"), 3, time.nowMs());

        assertThat(first).isEqualTo(new AppendResult(0, 1, -1, 0));
        assertThat(second.firstOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(3);
        LogSlice slice = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        try {
            assertThat(TestRecords.values(slice.records())).containsExactly("a", "b", "c");
            assertThat(TestRecords.offsets(slice.records())).containsExactly(0L, 1L, 2L);
            for (RecordBatch b : slice.records().batches()) {
                b.ensureValid();
                assertThat(b.partitionLeaderEpoch()).isEqualTo(3);
            }
            assertThat(slice.channel().isOpen()).isTrue();
            assertThat(slice.sizeBytes()).isEqualTo((int) log.sizeBytes());
        } finally {
            slice.release();
        }
    }

    @Test
    void shouldStartAtTheBatchHoldingTheFetchOffsetAndHonourMaxBytesAndMaxOffset() {
        PartitionLog log = log(Map.of());
        log.append(batch(10, "a", "b"), 0, time.nowMs());
        log.append(batch(10, "c"), 0, time.nowMs());
        log.append(batch(10, "d"), 0, time.nowMs());

        LogSlice mid = log.read(1, 1 << 20, Long.MAX_VALUE, false);
        assertThat(mid.firstBatchOffset()).isEqualTo(0);
        mid.release();
        LogSlice oneByte = log.read(2, 1, Long.MAX_VALUE, false);
        assertThat(oneByte.isEmpty()).isTrue();
        LogSlice minOne = log.read(2, 1, Long.MAX_VALUE, true);
        assertThat(TestRecords.values(minOne.records())).containsExactly("c");
        minOne.release();
        LogSlice bounded = log.read(0, 1 << 20, 3, false);
        assertThat(TestRecords.values(bounded.records())).containsExactly("a", "b", "c");
        bounded.release();
        assertThat(log.read(4, 100, Long.MAX_VALUE, true).isEmpty()).isTrue();
    }

    @Test
    void shouldRejectOffsetsOutsideTheLog() {
        PartitionLog log = log(Map.of());
        log.append(batch(10, "a"), 0, time.nowMs());
        assertThatThrownBy(() -> log.read(2, 100, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 100, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldRollSegmentsAndReadAcrossThem() {
        PartitionLog log = log(Map.of("segment.bytes", "300", "index.interval.bytes", "0"));
        for (int i = 0; i < 20; i++) {
            log.append(batch(100 + i, "value-" + i), 0, time.nowMs());
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        assertThat(Files.exists(SegmentFormat.logFile(log.dir(), 0))).isTrue();
        List<Record> all = TestRecords.readAll(log);
        assertThat(all).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(all.get(i).offset()).isEqualTo(i);
        }
        for (int i = 0; i < 20; i++) {
            LogSlice s = log.read(i, 1, Long.MAX_VALUE, true);
            assertThat(TestRecords.offsets(s.records())).containsExactly((long) i);
            s.release();
        }
    }

    @Test
    void shouldAppendWithoutWaitingUntilARollOrANewEpochIsDue() {
        PartitionLog log = log(Map.of("segment.ms", "1000"));
        assertThat(log.tryAppendWithoutWaiting(batch(time.nowMs(), "a"), 0, time.nowMs()))
                .as("the first append at epoch 0 writes the epoch checkpoint").isNull();
        log.append(batch(time.nowMs(), "a"), 0, time.nowMs());

        assertThat(log.tryAppendWithoutWaiting(batch(time.nowMs(), "b"), 0, time.nowMs()))
                .isEqualTo(new AppendResult(1, 1, -1, 0));
        assertThat(log.tryAppendWithoutWaiting(batch(time.nowMs(), "c"), 1, time.nowMs())).isNull();
        time.advance(1001);
        assertThat(log.tryAppendWithoutWaiting(batch(time.nowMs(), "c"), 0, time.nowMs()))
                .as("segment.ms passed: a roll is due").isNull();

        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logEndOffset()).isEqualTo(2);
        log.append(batch(time.nowMs(), "c"), 0, time.nowMs());
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(TestRecords.readAll(log).stream().map(Record::offset).toList()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldNotAppendWithoutWaitingWhileAnotherThreadHoldsTheLock() throws Exception {
        PartitionLog log = log(Map.of());
        log.append(batch(10, "a"), 0, time.nowMs());
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            log.lock().lock();
            try {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                log.lock().unlock();
            }
        });
        holder.start();
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(log.tryAppendWithoutWaiting(batch(20, "b"), 0, time.nowMs())).isNull();
        } finally {
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.tryAppendWithoutWaiting(batch(20, "b"), 0, time.nowMs()).firstOffset()).isEqualTo(1);
    }

    @Test
    void shouldRollOnSegmentMs() {
        PartitionLog log = log(Map.of("segment.ms", "1000"));
        log.append(batch(time.nowMs(), "a"), 0, time.nowMs());
        time.advance(1001);
        log.append(batch(time.nowMs(), "b"), 0, time.nowMs());
        assertThat(log.segmentCount()).isEqualTo(2);
    }

    @Test
    void shouldRollWhenTheIndexIsFull() {
        PartitionLog log = log(Map.of("segment.index.bytes", "24", "index.interval.bytes", "0"));
        for (int i = 0; i < 7; i++) {
            log.append(batch(100 + i, "v"), 0, time.nowMs());
        }
        assertThat(log.segmentCount()).isGreaterThan(1);
        assertThat(TestRecords.readAll(log)).hasSize(7);
    }

    @Test
    void shouldStampLogAppendTime() {
        PartitionLog log = log(Map.of("message.timestamp.type", "LogAppendTime"));
        AppendResult r = log.append(batch(5, "a"), 0, 777);
        assertThat(r.logAppendTimeMs()).isEqualTo(777);
        LogSlice s = log.read(0, 1000, Long.MAX_VALUE, true);
        RecordBatch b = s.records().batches().iterator().next();
        b.ensureValid();
        assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(b.maxTimestamp()).isEqualTo(777);
        s.release();
    }

    @Test
    void shouldAppendSeveralBatchesFromABufferThatDoesNotStartAtZero() {
        // the append walks batch headers by absolute index from the buffer's position: a request's records are a
        // view into a larger buffer, and each batch gets its offsets, epoch, LogAppendTime and index entry
        PartitionLog log = log(Map.of("message.timestamp.type", "LogAppendTime", "index.interval.bytes", "0"));
        log.append(batch(1, "first"), 2, 100);
        ByteBuffer one = batch(5, "a", "b").buffer();
        ByteBuffer two = batch(6, "c").buffer();
        ByteBuffer three = batch(7, "d", "e", "f").buffer();
        ByteBuffer request = ByteBuffer.allocate(10 + one.remaining() + two.remaining() + three.remaining() + 3);
        request.position(10);
        request.put(one).put(two).put(three);
        request.limit(request.position()).position(10);
        byte[] bytesBefore = new byte[10];
        request.duplicate().position(0).get(bytesBefore);

        AppendResult r = log.append(MemoryRecords.readableRecords(request.slice()), 3, 200);

        assertThat(r).isEqualTo(new AppendResult(1, 6, 200, 0));
        assertThat(log.logEndOffset()).isEqualTo(7);
        LogSlice s = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        try {
            assertThat(TestRecords.values(s.records())).containsExactly("first", "a", "b", "c", "d", "e", "f");
            assertThat(TestRecords.offsets(s.records())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            List<Long> baseOffsets = new java.util.ArrayList<>();
            for (RecordBatch b : s.records().batches()) {
                b.ensureValid();
                baseOffsets.add(b.baseOffset());
                assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            }
            assertThat(baseOffsets).containsExactly(0L, 1L, 3L, 4L);
        } finally {
            s.release();
        }
        // every batch is indexed (interval 0): a read at each batch's base offset starts at that batch
        for (long base : List.of(1L, 3L, 4L)) {
            LogSlice at = log.read(base, 1 << 20, Long.MAX_VALUE, false);
            try {
                assertThat(at.records().batches().iterator().next().baseOffset()).isEqualTo(base);
            } finally {
                at.release();
            }
        }
        byte[] bytesAfter = new byte[10];
        request.duplicate().position(0).get(bytesAfter);
        assertThat(bytesAfter).isEqualTo(bytesBefore);
    }

    @Test
    void shouldRejectATruncatedOrLegacyBatchAndAppendNothing() {
        PartitionLog log = log(Map.of());
        log.append(batch(1, "kept"), 0, time.nowMs());
        ByteBuffer whole = batch(2, "a").buffer();
        ByteBuffer cut = batch(3, "b", "c").buffer();
        ByteBuffer truncated = ByteBuffer.allocate(whole.remaining() + cut.remaining() - 5);
        truncated.put(whole).put(cut.limit(cut.limit() - 5)).flip();
        ByteBuffer headerOnly = ByteBuffer.allocate(whole.rewind().remaining() + 20);
        headerOnly.put(whole).put(batch(4, "d").buffer().limit(20)).flip();
        MemoryRecords legacy = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, 0L,
                org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.internal.SimpleRecord(5L, "v1".getBytes()));

        assertThatThrownBy(() -> log.append(MemoryRecords.readableRecords(truncated), 0, time.nowMs()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims");
        assertThatThrownBy(() -> log.append(MemoryRecords.readableRecords(headerOnly), 0, time.nowMs()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
        assertThatThrownBy(() -> log.append(legacy, 0, time.nowMs()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic 1");
        assertThatThrownBy(() -> log.append(MemoryRecords.EMPTY, 0, time.nowMs()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(log.logEndOffset()).isEqualTo(1);
        AppendResult next = log.append(batch(6, "next"), 0, time.nowMs());
        assertThat(next.firstOffset()).isEqualTo(1);
        LogSlice s = log.read(0, 1 << 20, Long.MAX_VALUE, false);
        try {
            assertThat(TestRecords.values(s.records())).containsExactly("kept", "next");
        } finally {
            s.release();
        }
    }

    @Test
    void shouldLookUpOffsetsByTimestamp() {
        PartitionLog log = log(Map.of("segment.bytes", "200", "index.interval.bytes", "0"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(1000 + i * 10, "x" + i, "y" + i), 0, time.nowMs());
        }
        assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(1000, 0));
        assertThat(log.offsetForTimestamp(1035)).contains(new TimestampOffset(1040, 8));
        assertThat(log.offsetForTimestamp(1090)).contains(new TimestampOffset(1090, 18));
        assertThat(log.offsetForTimestamp(1091)).isEmpty();
        assertThat(log.maxTimestamp()).isEqualTo(new TimestampOffset(1090, 18));
        reopen();
        PartitionLog again = manager.get("orders", 0).orElseThrow();
        assertThat(again.offsetForTimestamp(1035)).contains(new TimestampOffset(1040, 8));
        assertThat(again.maxTimestamp()).isEqualTo(new TimestampOffset(1090, 18));
    }

    @Test
    void shouldCompleteAwaitDurableOnTheFlusher() throws Exception {
        manager = LogManager.open(dir, Time.SYSTEM, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
        PartitionLog a = manager.getOrCreate("a", 0, LogConfig.DEFAULT);
        PartitionLog b = manager.getOrCreate("b", 0, LogConfig.DEFAULT);
        a.append(batch(1, "x"), 0, 1);
        b.append(batch(1, "y", "z"), 0, 1);
        assertThat(a.awaitDurable(0)).isCompleted();
        var fa = a.awaitDurable(1);
        var fb = b.awaitDurable(2);
        fa.get(10, TimeUnit.SECONDS);
        fb.get(10, TimeUnit.SECONDS);
        assertThat(a.flushedOffset()).isEqualTo(1);
        assertThat(b.flushedOffset()).isEqualTo(2);
    }

    @Test
    void shouldCompleteAWaiterForOffsetsNotYetAppendedOnceTheyAre() throws Exception {
        manager = LogManager.open(dir, Time.SYSTEM, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
        PartitionLog log = manager.getOrCreate("a", 0, LogConfig.DEFAULT);
        var future = log.awaitDurable(2);
        log.append(batch(1, "x", "y"), 0, 1);
        future.get(10, TimeUnit.SECONDS);
        assertThat(log.flushedOffset()).isEqualTo(2);
    }

    @Test
    void shouldFlushAfterFlushMessages() {
        manager = LogManager.open(dir, Time.SYSTEM, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
        PartitionLog log = manager.getOrCreate("t", 0, LogConfig.fromMap(Map.of("flush.messages", "2")));
        log.append(batch(1, "x", "y", "z"), 0, 1);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> log.flushedOffset() == 3);
    }

    @Test
    void shouldKeepEverythingAcrossACleanRestart() {
        PartitionLog log = log(Map.of("segment.bytes", "300"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(100 + i, "v" + i), i < 5 ? 1 : 2, time.nowMs());
        }
        reopen();
        PartitionLog again = manager.get("orders", 0).orElseThrow();
        assertThat(again.logEndOffset()).isEqualTo(10);
        assertThat(TestRecords.readAll(again)).hasSize(10);
        assertThat(again.endOffsetForEpoch(1)).hasValue(5);
        assertThat(again.endOffsetForEpoch(2)).hasValue(10);
        again.append(batch(200, "more"), 2, time.nowMs());
        assertThat(TestRecords.readAll(again)).hasSize(11);
    }

    @Test
    void shouldAnswerEndOffsetForEpoch() {
        PartitionLog log = log(Map.of());
        assertThat(log.endOffsetForEpoch(0)).isEmpty();
        log.append(batch(1, "a", "b"), 2, 1);
        log.append(batch(1, "c"), 4, 1);
        log.append(batch(1, "d"), 4, 1);
        assertThat(log.endOffsetForEpoch(1)).hasValue(0);
        assertThat(log.epochEndOffset(3)).contains(new EpochEndOffset(2, 2));
        assertThat(log.endOffsetForEpoch(4)).hasValue(4);
        assertThat(log.endOffsetForEpoch(5)).isEmpty();
    }

    @Test
    void shouldDeleteRecordsBeforeAnOffsetAndRememberIt() {
        PartitionLog log = log(Map.of("segment.bytes", "200"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(100, "v" + i), 0, time.nowMs());
        }
        int before = log.segmentCount();
        assertThat(log.deleteRecordsBefore(7)).isEqualTo(7);
        assertThat(log.segmentCount()).isLessThan(before);
        assertThatThrownBy(() -> log.read(6, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(TestRecords.readAll(log)).extracting(Record::offset).containsExactly(7L, 8L, 9L);
        assertThatThrownBy(() -> log.deleteRecordsBefore(11)).isInstanceOf(OffsetOutOfRangeException.class);
        reopen();
        assertThat(manager.get("orders", 0).orElseThrow().logStartOffset()).isEqualTo(7);
    }

    @Test
    void shouldApplyRetentionByBytesAndTimeButNeverToTheActiveSegment() {
        PartitionLog log = log(Map.of("segment.bytes", "200", "retention.bytes", "400"));
        for (int i = 0; i < 20; i++) {
            log.append(batch(time.nowMs(), "v" + i), 0, time.nowMs());
        }
        long sizeBefore = log.sizeBytes();
        assertThat(manager.runRetention()).isPositive();
        assertThat(log.sizeBytes()).isLessThan(sizeBefore).isGreaterThanOrEqualTo(200);
        assertThat(log.logStartOffset()).isPositive();
        assertThat(TestRecords.readAll(log)).isNotEmpty();

        log.updateConfig(LogConfig.fromMap(Map.of("segment.bytes", "200", "retention.ms", "1000")));
        time.advance(5000);
        manager.runRetention();
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(log.segments()[0].baseOffset());
    }

    @Test
    void shouldKeepEveryRetainedRecordReadableWhileRetentionRunsBesideAppends() throws Exception {
        // retention takes segments out under the append lock but persists the start offset and renames the files
        // after releasing it: appends, reads and retention overlap, and nothing retained may go missing
        PartitionLog log = log(Map.of("segment.bytes", "300", "retention.bytes", "900", "file.delete.delay.ms", "0"));
        int appends = 400;
        java.util.concurrent.atomic.AtomicBoolean appending = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CompletableFuture<Integer> retention = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    int deleted = 0;
                    while (appending.get()) {
                        deleted += manager.runRetention();
                    }
                    return deleted;
                });
        long previousStart = 0;
        for (int i = 0; i < appends; i++) {
            log.append(batch(time.nowMs(), "v" + i), 0, time.nowMs());
            long start = log.logStartOffset();
            assertThat(start).isGreaterThanOrEqualTo(previousStart);
            previousStart = start;
            // everything from the start offset on is readable, in order, without gaps
            List<Long> offsets = readFromStartDespiteRetention(log);
            assertThat(offsets).isNotEmpty();
            assertThat(offsets.get(offsets.size() - 1)).isEqualTo(i);
            assertThat(offsets.get(offsets.size() - 1) - offsets.get(0)).isEqualTo(offsets.size() - 1);
            assertThat(offsets.get(0)).isGreaterThanOrEqualTo(start);
        }
        appending.set(false);
        assertThat(retention.get(30, TimeUnit.SECONDS)).isPositive();
        manager.runRetention();
        long start = log.logStartOffset();
        assertThat(log.segments()[0].baseOffset()).isEqualTo(start);
        reopen();
        PartitionLog reopened = manager.get("orders", 0).orElseThrow();
        assertThat(reopened.logStartOffset()).isEqualTo(start);
        assertThat(reopened.logEndOffset()).isEqualTo(appends);
        try (java.util.stream.Stream<Path> files = Files.list(reopened.dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(SegmentFormat.DELETED_SUFFIX));
        }
    }

    /** Record offsets from the log start to the end; starts over when retention moved the start meanwhile. */
    private static List<Long> readFromStartDespiteRetention(PartitionLog log) {
        while (true) {
            try {
                return TestRecords.readAll(log).stream().map(Record::offset).toList();
            } catch (OffsetOutOfRangeException e) {
                // the start moved past the offset being read: read again from the new start
            }
        }
    }

    @Test
    void shouldDeleteAPartitionWhileRetentionRunsWithoutTakingTheDirectoryOffline() throws Exception {
        // retention renames files outside the append lock; deleting the partition must wait for that, not race it
        for (int round = 0; round < 5; round++) {
            // the deleted directory is named by the clock: a manual clock standing still would give every round
            // the name of the previous round's directory, which may still be being removed in the background
            time.advance(1);
            PartitionLog log = manager == null ? log(Map.of("segment.bytes", "200", "retention.bytes", "200"))
                    : manager.getOrCreate("orders", 0, LogConfig.fromMap(Map.of("segment.bytes", "200",
                    "retention.bytes", "200")));
            for (int i = 0; i < 30; i++) {
                log.append(batch(time.nowMs(), "v" + i), 0, time.nowMs());
            }
            java.util.concurrent.CompletableFuture<Integer> retention =
                    java.util.concurrent.CompletableFuture.supplyAsync(manager::runRetention);
            manager.delete("orders", 0);
            retention.get(30, TimeUnit.SECONDS);
            assertThat(manager.get("orders", 0)).isEmpty();
        }
        PartitionLog fresh = manager.getOrCreate("orders", 0, LogConfig.DEFAULT);
        fresh.append(batch(1, "a"), 0, 1);
        assertThat(fresh.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldNotApplyRetentionToALoadedLogBeforeItsConfigIsKnown() {
        PartitionLog log = log(Map.of("segment.bytes", "200", "retention.ms", "-1"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(time.nowMs(), "v" + i), 0, time.nowMs());
        }
        time.advance(30L * 24 * 3600 * 1000); // older than the default retention.ms of 7 days
        reopen();
        PartitionLog loaded = manager.get("orders", 0).orElseThrow();
        int segments = loaded.segmentCount();
        assertThat(manager.runRetention()).isZero();
        assertThat(loaded.segmentCount()).isEqualTo(segments);
        manager.getOrCreate("orders", 0, LogConfig.fromMap(Map.of("segment.bytes", "200", "retention.ms", "-1")));
        assertThat(manager.runRetention()).isZero();
        loaded.updateConfig(LogConfig.fromMap(Map.of("retention.ms", "1000")));
        assertThat(manager.runRetention()).isEqualTo(segments - 1);
    }

    @Test
    void shouldFlushByFlushMs() {
        manager = LogManager.open(dir, Time.SYSTEM, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false",
                "log.flush.scheduler.interval.ms", "10")));
        PartitionLog log = manager.getOrCreate("t", 0, LogConfig.fromMap(Map.of("flush.ms", "20")));
        log.append(batch(1, "x"), 0, 1);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> log.flushedOffset() == 1);
    }

    @Test
    void shouldKeepServingASliceWhoseSegmentIsDeleted() {
        PartitionLog log = log(Map.of("segment.bytes", "200", "file.delete.delay.ms", "0"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(100, "v" + i), 0, time.nowMs());
        }
        LogSlice slice = log.read(0, 1 << 20, Long.MAX_VALUE, true);
        log.deleteRecordsBefore(9);
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> !Files.exists(SegmentFormat.logFile(log.dir(), 0)));
        MemoryRecords records = slice.records();
        assertThat(TestRecords.values(records)).startsWith("v0");
        slice.release();
    }

    @Test
    void shouldDeleteAPartitionAndForgetIt() {
        PartitionLog log = log(Map.of());
        log.append(batch(1, "a"), 0, 1);
        manager.delete("orders", 0);
        assertThat(manager.get("orders", 0)).isEmpty();
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> !Files.exists(log.dir()));
        PartitionLog fresh = manager.getOrCreate("orders", 0, LogConfig.DEFAULT);
        assertThat(fresh.logEndOffset()).isZero();
    }
}
