package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    @TempDir
    Path dir;
    final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);
    final StorageConfig storage = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false"));

    private static LogConfig compacted(String... extra) {
        Map<String, String> m = new HashMap<>(Map.of("cleanup.policy", "compact", "segment.bytes", "600",
                "min.cleanable.dirty.ratio", "0", "file.delete.delay.ms", "0"));
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return LogConfig.fromMap(m);
    }

    private void upserts(PartitionLog log, int rounds, int keys) {
        for (int round = 0; round < rounds; round++) {
            List<String[]> kvs = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                kvs.add(new String[] {"k" + k, "r" + round});
            }
            log.append(TestRecords.keyed(Compression.NONE, time.nowMs(), kvs), 0, time.nowMs());
        }
    }

    private static Map<String, String> latest(PartitionLog log) {
        Map<String, String> out = new HashMap<>();
        for (Record r : TestRecords.readAll(log)) {
            out.put(StandardCharsets.UTF_8.decode(r.key()).toString(),
                    r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null);
        }
        return out;
    }

    @Test
    void shouldShrinkTheLogAndKeepTheLatestValues() {
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted());
            upserts(log, 30, 5);
            long before = log.sizeBytes();
            assertThat(manager.cleanOnce()).isTrue();
            assertThat(log.sizeBytes()).isLessThan(before);
            assertThat(latest(log)).containsEntry("k0", "r29").hasSize(5);
            assertThat(log.logStartOffset()).isZero();
            assertThat(log.logEndOffset()).isEqualTo(150);
        }
    }

    @Test
    void shouldCleanInSeveralPassesWhenTheOffsetMapIsSmall() {
        StorageConfig tiny = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false",
                "log.cleaner.dedupe.buffer.size", "1024")); // 37 keys per pass
        try (LogManager manager = LogManager.open(dir, time, tiny)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted()); // <= 30 keys per segment
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 100; k += 10) {
                    List<String[]> kvs = new ArrayList<>();
                    for (int j = k; j < k + 10; j++) {
                        kvs.add(new String[] {"k" + j, "r" + round});
                    }
                    log.append(TestRecords.keyed(Compression.NONE, time.nowMs(), kvs), 0, time.nowMs());
                }
            }
            int passes = 0;
            while (manager.cleanOnce() && passes < 50) {
                passes++;
            }
            assertThat(passes).isGreaterThan(1);
            Map<String, String> values = latest(log);
            assertThat(values).hasSize(100).containsEntry("k0", "r2").containsEntry("k99", "r2");
        }
    }

    @Test
    void shouldSkipALogWhoseSegmentHasMoreKeysThanTheMapAndCleanTheOthers() {
        StorageConfig tiny = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false",
                "log.cleaner.dedupe.buffer.size", "1024")); // 37 keys per pass
        try (LogManager manager = LogManager.open(dir, time, tiny)) {
            PartitionLog wide = manager.getOrCreate("wide", 0, compacted("segment.bytes", "1000")); // 60 keys per batch
            for (int round = 0; round < 2; round++) {
                List<String[]> kvs = new ArrayList<>();
                for (int j = 0; j < 60; j++) {
                    kvs.add(new String[] {"k" + j, "r" + round});
                }
                wide.append(TestRecords.keyed(Compression.NONE, time.nowMs(), kvs), 0, time.nowMs());
            }
            PartitionLog narrow = manager.getOrCreate("narrow", 0, compacted());
            upserts(narrow, 30, 5);
            long before = narrow.sizeBytes();
            manager.cleanOnce(); // whichever comes first: "wide" fails (and is skipped from now on), "narrow" works
            manager.cleanOnce();
            assertThat(narrow.sizeBytes()).isLessThan(before);
            assertThat(wide.segmentCount()).isGreaterThan(1);
            assertThat(manager.cleanOnce()).isFalse();
        }
    }

    @Test
    void shouldCompactInTheBackground() {
        StorageConfig background = StorageConfig.fromMap(Map.of("log.cleaner.backoff.ms", "10"));
        try (LogManager manager = LogManager.open(dir, io.runnel.common.Time.SYSTEM, background)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted());
            upserts(log, 30, 5);
            long before = log.sizeBytes();
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> log.sizeBytes() < before / 2);
            assertThat(latest(log)).containsEntry("k4", "r29").hasSize(5);
        }
    }

    @Test
    void shouldHonourMinCompactionLag() {
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted("min.compaction.lag.ms", "60000"));
            upserts(log, 30, 5);
            assertThat(manager.cleanOnce()).isFalse();
            time.advance(60_001);
            log.append(TestRecords.keyed(Compression.NONE, time.nowMs(), List.<String[]>of(new String[] {"x", "y"})),
                    0, time.nowMs());
            assertThat(manager.cleanOnce()).isTrue();
        }
    }

    @Test
    void shouldNotCleanBelowTheDirtyRatio() {
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted("min.cleanable.dirty.ratio", "0.9"));
            upserts(log, 30, 5);
            assertThat(manager.cleanOnce()).isTrue(); // all dirty: ratio 1
            upserts(log, 3, 5);
            assertThat(manager.cleanOnce()).isFalse(); // a little dirt on a clean log
        }
    }

    @Test
    void shouldCompleteAnInterruptedSwapOnRestart() throws Exception {
        Path partitionDir;
        Map<String, String> expected;
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted());
            upserts(log, 30, 5);
            expected = latest(log);
            partitionDir = log.dir();
        }
        // a crash between ".cleaned -> .swap" and the rename of the old file: the swap holds a valid cleaned copy
        // (here: the first segment's first batch only, which is a valid, offset-preserving subset)
        Path first = SegmentFormat.logFile(partitionDir, 0);
        byte[] bytes = Files.readAllBytes(first);
        int firstBatch = SegmentFormat.batchSize(java.nio.ByteBuffer.wrap(bytes));
        Path swap = first.resolveSibling(first.getFileName() + SegmentFormat.SWAP_SUFFIX);
        Files.write(swap, java.util.Arrays.copyOf(bytes, firstBatch));
        Path cleaned = first.resolveSibling(first.getFileName() + SegmentFormat.CLEANED_SUFFIX);
        Files.write(cleaned, new byte[] {1, 2, 3}); // a half-written cleaning of some other pass
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("c", 0).orElseThrow();
            assertThat(swap).doesNotExist();
            assertThat(cleaned).doesNotExist();
            assertThat(Files.size(first)).isEqualTo(firstBatch);
            assertThat(latest(log)).isEqualTo(expected);
        }
        // the same crash after the old file already moved to .deleted
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("c", 0).orElseThrow();
            upserts(log, 1, 5);
            expected = latest(log);
        }
        Files.copy(first, swap);
        Files.move(first, first.resolveSibling(first.getFileName() + SegmentFormat.DELETED_SUFFIX),
                StandardCopyOption.ATOMIC_MOVE);
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            assertThat(latest(manager.get("c", 0).orElseThrow())).isEqualTo(expected);
        }
    }

    @Test
    void shouldNeverShowConcurrentReadersAPartialSegment() throws Exception {
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("c", 0, compacted());
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger scans = new AtomicInteger();
            List<Throwable> failures = new ArrayList<>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                while (!done.get() && scans.get() < 100_000) {
                    try {
                        long previous = -1;
                        Map<String, String> seen = new HashMap<>();
                        for (Record r : TestRecords.readAll(log)) { // ensureValid on every batch
                            assertThat(r.offset()).isGreaterThan(previous);
                            previous = r.offset();
                            seen.put(StandardCharsets.UTF_8.decode(r.key()).toString(),
                                    StandardCharsets.UTF_8.decode(r.value()).toString());
                        }
                        scans.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            });
            for (int pass = 0; pass < 20; pass++) {
                List<String[]> kvs = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    kvs.add(new String[] {"k" + k, "p" + pass});
                }
                for (int i = 0; i < 5; i++) {
                    log.append(TestRecords.keyed(Compression.gzip().build(), time.nowMs(), kvs), 0, time.nowMs());
                }
                manager.cleanOnce();
            }
            done.set(true);
            reader.get(60, TimeUnit.SECONDS);
            assertThat(failures).isEmpty();
            assertThat(scans.get()).isPositive();
            assertThat(latest(log)).containsEntry("k3", "p19").hasSize(8);
        }
    }
}
