package io.runnel.bench.storage;

import io.runnel.common.Time;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.LogSlice;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.StorageConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read throughput: {@link PartitionLog#read} of up to 1 MiB (as a Fetch would) and {@code transferTo} of the slice
 * into /dev/null, over a 128 MiB log (page cache warm), next to a plain {@code transferTo} of 1 MiB regions of the
 * same segment file. Score = reads per second; MB/s ~= score x 1 MiB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class StorageReadBenchmark {
    private static final int FETCH_BYTES = 1024 * 1024;
    private static final long LOG_BYTES = 128L * 1024 * 1024;

    private Path dir;
    private LogManager manager;
    private PartitionLog log;
    private FileChannel sink;
    private FileChannel segmentFile;
    private long segmentBytes;
    private long nextOffset;
    private long rawPosition;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("read-bench");
        manager = LogManager.open(dir, Time.SYSTEM, StorageConfig.fromMap(Map.of("log.cleaner.enable", "false")));
        log = manager.getOrCreate("bench", 0, LogConfig.DEFAULT);
        MemoryRecords batch = BenchFiles.batchOf(64 * 1024);
        while (log.sizeBytes() < LOG_BYTES) {
            log.append(batch, 0, 1_700_000_000_000L);
        }
        sink = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
        segmentFile = FileChannel.open(dir.resolve("bench-0").resolve(String.format("%020d.log", 0)),
                StandardOpenOption.READ);
        segmentBytes = segmentFile.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sink.close();
        segmentFile.close();
        manager.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    public long logReadTransferTo() throws IOException {
        if (nextOffset >= log.logEndOffset()) {
            nextOffset = 0;
        }
        LogSlice slice = log.read(nextOffset, FETCH_BYTES, Long.MAX_VALUE, true);
        try {
            long sent = 0;
            while (sent < slice.sizeBytes()) {
                sent += slice.channel().transferTo(slice.position() + sent, slice.sizeBytes() - sent, sink);
            }
            nextOffset = slice.nextOffset();
            return sent;
        } finally {
            slice.release();
        }
    }

    @Benchmark
    public long rawTransferTo() throws IOException {
        if (rawPosition >= segmentBytes) {
            rawPosition = 0;
        }
        long size = Math.min(FETCH_BYTES, segmentBytes - rawPosition);
        long sent = 0;
        while (sent < size) {
            sent += segmentFile.transferTo(rawPosition + sent, size - sent, sink);
        }
        rawPosition += size;
        return sent;
    }
}
