package io.runnel.storage;

import static io.runnel.storage.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.Time;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirFaultTest {
    @TempDir
    Path failing;
    @TempDir
    Path healthy;
    final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);
    final StorageConfig storage = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false"));

    @Test
    void shouldTakeTheDirectoryOfflineOnAnIoErrorWhileOtherDirectoriesServe() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        LogManager bad = LogManager.open(failing, time, storage,
                (path, options) -> new FaultyFileChannel(FileChannel.open(path, options), broken));
        try (LogManager good = LogManager.open(healthy, time, storage)) {
            PartitionLog a = bad.getOrCreate("a", 0, LogConfig.DEFAULT);
            PartitionLog b = bad.getOrCreate("b", 0, LogConfig.DEFAULT);
            PartitionLog c = good.getOrCreate("c", 0, LogConfig.DEFAULT);
            a.append(batch(1, "x"), 0, 1);
            b.append(batch(1, "y"), 0, 1);

            broken.set(true);
            assertThatThrownBy(() -> a.append(batch(1, "z"), 0, 1)).isInstanceOf(StorageException.class)
                    .hasRootCauseMessage("Injected I/O error (disk failure)");
            assertThat(bad.isOffline()).isTrue();
            assertThat(bad.offlineCause()).isPresent();
            // every partition of the directory answers with StorageException now, even without touching disk
            assertThatThrownBy(() -> b.read(0, 100, Long.MAX_VALUE, true)).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> b.append(batch(1, "w"), 0, 1)).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> bad.getOrCreate("d", 0, LogConfig.DEFAULT))
                    .isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> b.awaitDurable(1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StorageException.class);
            assertThat(a.logEndOffset()).isEqualTo(1);

            // the other directory is unaffected
            c.append(batch(1, "ok"), 0, 1);
            LogSlice s = c.read(0, 100, Long.MAX_VALUE, true);
            assertThat(TestRecords.values(s.records())).containsExactly("ok");
            s.release();
        } finally {
            bad.close();
        }
        // no clean-shutdown marker for an offline directory: the next start recovers it
        assertThat(failing.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        try (LogManager reopened = LogManager.open(failing, time, storage)) {
            assertThat(reopened.get("a", 0).orElseThrow().logEndOffset()).isEqualTo(1);
            assertThat(reopened.isOffline()).isFalse();
        }
        assertThat(Files.exists(healthy.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE))).isTrue();
    }

    @Test
    void shouldFailDurableWaitersWhenFsyncFails() {
        AtomicBoolean broken = new AtomicBoolean();
        try (LogManager bad = LogManager.open(failing, Time.SYSTEM, storage,
                (path, options) -> new FaultyFileChannel(FileChannel.open(path, options), broken))) {
            PartitionLog a = bad.getOrCreate("a", 0, LogConfig.DEFAULT);
            a.append(batch(1, "x"), 0, 1);
            broken.set(true);
            assertThatThrownBy(() -> a.awaitDurable(1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StorageException.class);
            assertThat(bad.isOffline()).isTrue();
        }
    }
}
