package io.runnel.storage;

import static io.runnel.storage.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RecoveryTest {
    @TempDir
    Path dir;
    final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);
    final StorageConfig storage = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false"));
    final LogConfig config = LogConfig.fromMap(Map.of("segment.bytes", "400", "index.interval.bytes", "0"));

    private Path fill(int batches) {
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("t", 0, config);
            for (int i = 0; i < batches; i++) {
                log.append(batch(1000 + i, "v" + i), 0, time.nowMs());
            }
            return log.dir();
        }
    }

    private void crashed() throws Exception {
        Files.delete(dir.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE));
        Files.delete(dir.resolve(LogDirFormat.RECOVERY_POINT_FILE));
    }

    @Test
    void shouldRebuildMissingAndCorruptIndexesAfterACleanShutdown() throws Exception {
        Path partitionDir = fill(20);
        Files.delete(SegmentFormat.offsetIndexFile(partitionDir, 0));
        try (RandomAccessFile raf = new RandomAccessFile(SegmentFormat.timeIndexFile(partitionDir, 0).toFile(), "rw")) {
            raf.setLength(raf.length() + 5); // not a multiple of the entry size
        }
        long secondBase;
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("t", 0).orElseThrow();
            secondBase = log.segments()[1].baseOffset();
            try (RandomAccessFile raf = new RandomAccessFile(
                    SegmentFormat.offsetIndexFile(partitionDir, secondBase).toFile(), "rw")) {
                assertThat(raf.length()).isPositive();
            }
            assertThat(TestRecords.readAll(log)).extracting(Record::offset).hasSize(20);
            assertThat(log.offsetForTimestamp(1007)).contains(new TimestampOffset(1007, 7));
        }
        // an index whose entries point past the log: implausible, so rebuilt
        try (RandomAccessFile raf = new RandomAccessFile(
                SegmentFormat.offsetIndexFile(partitionDir, secondBase).toFile(), "rw")) {
            raf.seek(4);
            raf.writeInt(1 << 30);
        }
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("t", 0).orElseThrow();
            List<Record> all = TestRecords.readAll(log);
            assertThat(all).extracting(Record::offset).hasSize(20);
            LogSlice s = log.read(secondBase, 1, Long.MAX_VALUE, true);
            assertThat(TestRecords.offsets(s.records())).containsExactly(secondBase);
            s.release();
        }
        assertThat(Files.exists(SegmentFormat.offsetIndexFile(partitionDir, 0))).isTrue();
    }

    @Test
    void shouldTruncateWhereOffsetsStopIncreasing() throws Exception {
        Path partitionDir = fill(3);
        crashed();
        Path file = SegmentFormat.logFile(partitionDir, 0);
        long secondBatch;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(SegmentFormat.LENGTH_POSITION);
            secondBatch = SegmentFormat.LOG_OVERHEAD + raf.readInt();
            raf.seek(secondBatch); // base offset of the 2nd batch: outside the CRC
            raf.writeLong(0);
        }
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("t", 0).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(1);
            assertThat(Files.size(file)).isEqualTo(secondBatch);
        }
    }

    @Test
    void shouldCutTheZeroTailOfAPreallocatedSegment() throws Exception {
        LogConfig prealloc = LogConfig.fromMap(Map.of("preallocate", "true", "segment.bytes", "100000"));
        Path partitionDir;
        long size;
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("t", 0, prealloc);
            assertThat(Files.size(SegmentFormat.logFile(log.dir(), 0))).isEqualTo(100000);
            log.append(batch(1, "a", "b"), 0, 1);
            size = log.sizeBytes();
            partitionDir = log.dir();
        }
        assertThat(Files.size(SegmentFormat.logFile(partitionDir, 0))).isEqualTo(size);
        crashed();
        try (RandomAccessFile raf = new RandomAccessFile(SegmentFormat.logFile(partitionDir, 0).toFile(), "rw")) {
            raf.setLength(100000); // what a crash leaves behind
        }
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("t", 0).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(2);
            assertThat(log.sizeBytes()).isEqualTo(size);
        }
    }

    @Test
    void shouldLeaveForeignDirectoriesAloneAndWarnOnlyAboutUnknownOnes() throws Exception {
        fill(1);
        Path foreign = dir.resolve("state-0");  // parses as a partition directory, but another component owns it
        Path unknown = dir.resolve("stray");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("snapshot"), "kept");
        Files.createDirectories(unknown);
        Logger logger = (Logger) LoggerFactory.getLogger(LogManager.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try (LogManager manager = LogManager.open(dir, time, storage, Set.of("state-0"))) {
            assertThat(manager.all()).extracting(PartitionLog::topic).containsExactly("t");
        } finally {
            logger.detachAppender(events);
        }
        assertThat(Files.readString(foreign.resolve("snapshot"))).isEqualTo("kept");
        assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("not a partition directory"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Ignoring " + unknown + ": not a partition directory");
    }

    @Test
    void shouldRemoveLeftoversOfInterruptedDeletesAndCleanings() throws Exception {
        Path partitionDir = fill(2);
        Path deleted = partitionDir.resolve("00000000000000000099.log.deleted");
        Path cleaned = partitionDir.resolve("00000000000000000000.log.cleaned");
        Path deletedDir = dir.resolve("t-1.123-delete");
        Files.createFile(deleted);
        Files.createFile(cleaned);
        Files.createDirectories(deletedDir);
        Files.createFile(deletedDir.resolve("00000000000000000000.log"));
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            assertThat(manager.all()).hasSize(1);
            assertThat(deleted).doesNotExist();
            assertThat(cleaned).doesNotExist();
            assertThat(deletedDir).doesNotExist();
        }
    }

    @Test
    void shouldRecoverARolledSegmentWhoseFsyncNeverRan() throws Exception {
        // a roll only asks the flusher for the fsync that seals the segment: a crash before it ran leaves a
        // recovery point below that segment, whose unwritten tail the OS lost. Recovery keeps the valid prefix
        // and drops everything after the first invalid byte, later segments included.
        Path partitionDir = fill(20);
        crashed(); // no clean marker, no recovery point: nothing was vouched for by an fsync
        long[] bases;
        try (java.util.stream.Stream<Path> files = Files.list(partitionDir)) {
            bases = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SegmentFormat.LOG_SUFFIX))
                    .mapToLong(SegmentFormat::parseBaseOffset).sorted().toArray();
        }
        assertThat(bases.length).isGreaterThanOrEqualTo(3);
        long sealedBase = bases[1];
        long lastOfSealed = bases[2] - 1;
        Path sealed = SegmentFormat.logFile(partitionDir, sealedBase);
        try (RandomAccessFile raf = new RandomAccessFile(sealed.toFile(), "rw")) {
            raf.setLength(raf.length() - 3); // the last batch of the rolled segment lost its tail
        }
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.get("t", 0).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(lastOfSealed);
            assertThat(TestRecords.readAll(log)).extracting(Record::offset)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, lastOfSealed).boxed().toList());
            assertThat(SegmentFormat.logFile(partitionDir, bases[2])).doesNotExist();
            log.append(batch(2000, "after"), 0, time.nowMs());
            assertThat(log.logEndOffset()).isEqualTo(lastOfSealed + 1);
        }
    }

    @Test
    void shouldOnlyReValidatePastTheRecoveryPoint() throws Exception {
        Path partitionDir = fill(20);
        Files.delete(dir.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE));
        // damage a flushed (below the recovery point) segment body: not re-validated, as the checkpoint vouches
        // for it; the tail segment is re-validated and intact
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            assertThat(manager.get("t", 0).orElseThrow().logEndOffset()).isEqualTo(20);
        }
        assertThat(partitionDir).exists();
    }
}
