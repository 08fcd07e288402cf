package io.runnel.storage;

import static io.runnel.storage.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors and mappings stay bounded by runnel.log.open.handles.max however many partitions are active. */
class ManyPartitionsTest {
    private static final int PARTITIONS = 300;
    private static final int HANDLES_MAX = 16;

    @TempDir
    Path dir;

    static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void shouldBoundOpenFilesAndMappingsByTheLru() throws Exception {
        TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);
        LogConfig config = LogConfig.fromMap(Map.of("index.interval.bytes", "0", "segment.index.bytes", "4096"));
        long fdsBefore = openFileDescriptors();
        try (LogManager manager = LogManager.open(dir, time, StorageConfig.fromMap(Map.of(
                "log.cleaner.enable", "false", "runnel.log.open.handles.max", String.valueOf(HANDLES_MAX))))) {
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionLog log = manager.getOrCreate("many", p, config);
                log.append(batch(1000, "a"), 0, time.nowMs());
                log.append(batch(1001, "b"), 0, time.nowMs());
                assertThat(log.offsetForTimestamp(1001)).contains(new TimestampOffset(1001, 1));
            }
            for (int p = 0; p < PARTITIONS; p++) {
                LogSlice s = manager.get("many", p).orElseThrow().read(0, 1000, Long.MAX_VALUE, true);
                assertThat(TestRecords.values(s.records())).containsExactly("a", "b");
                s.release();
            }
            assertThat(manager.openHandleCount()).isLessThanOrEqualTo(HANDLES_MAX);
            // descriptors of this JVM: the bounded segment files plus a handful for lock file and threads
            assertThat(openFileDescriptors() - fdsBefore).isLessThanOrEqualTo(HANDLES_MAX + 16);

            // a reader holding a slice pins its file beyond the bound until it releases it
            LogSlice pinned = manager.get("many", 0).orElseThrow().read(0, 1000, Long.MAX_VALUE, true);
            for (int p = 1; p < 60; p++) {
                manager.get("many", p).orElseThrow().read(0, 1000, Long.MAX_VALUE, true).release();
            }
            assertThat(pinned.channel().isOpen()).isTrue();
            assertThat(TestRecords.values(pinned.records())).containsExactly("a", "b");
            pinned.release();
        }
        try (LogManager reopened = LogManager.open(dir, new TestRecords.ManualTime(0), StorageConfig.fromMap(Map.of(
                "log.cleaner.enable", "false", "runnel.log.open.handles.max", String.valueOf(HANDLES_MAX))))) {
            assertThat(reopened.all()).hasSize(PARTITIONS);
            assertThat(reopened.openHandleCount()).isLessThanOrEqualTo(HANDLES_MAX);
        }
    }
}
