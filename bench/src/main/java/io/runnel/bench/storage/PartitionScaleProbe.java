package io.runnel.bench.storage;

import io.runnel.common.Time;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.LogSlice;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.StorageConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Measures what one partition costs a node: heap, open file descriptors and mmaps, with N partitions in one
 * log directory, each appended to and read from, under the default (or given) handle LRU bound.
 *
 * <p>Run: {@code java -cp bench/target/runnel-jmh.jar io.runnel.bench.storage.PartitionScaleProbe
 * [partitions=10000] [handlesMax=512] [dir]}. Prints one line per phase and the per-partition figures.
 */
public final class PartitionScaleProbe {
    private PartitionScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int handlesMax = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("scale-probe");
        StorageConfig storage = StorageConfig.fromMap(Map.of("runnel.log.open.handles.max",
                String.valueOf(handlesMax), "log.cleaner.enable", "false"));
        LogConfig config = LogConfig.fromMap(Map.of("index.interval.bytes", "0"));
        System.out.printf("partitions=%d handlesMax=%d dir=%s ulimit(open files)=%s%n", partitions, handlesMax, dir,
                maxOpenFiles());
        long heapBase = usedHeapAfterGc();
        long fdBase = count("/proc/self/fd");
        long mapsBase = mappedIndexes();
        long t0 = System.nanoTime();
        try (LogManager manager = LogManager.open(dir, Time.SYSTEM, storage)) {
            for (int p = 0; p < partitions; p++) {
                PartitionLog log = manager.getOrCreate("probe", p, config);
                log.append(batch(), 0, System.currentTimeMillis());
            }
            long t1 = System.nanoTime();
            for (int p = 0; p < partitions; p++) {
                LogSlice s = manager.get("probe", p).orElseThrow().read(0, 1 << 20, Long.MAX_VALUE, true);
                s.release();
            }
            long t2 = System.nanoTime();
            long heap = usedHeapAfterGc() - heapBase;
            long fds = count("/proc/self/fd") - fdBase;
            long maps = mappedIndexes() - mapsBase;
            System.out.printf("create+append %d ms, read %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            System.out.printf("heap %.1f MiB total, %.0f bytes/partition%n", heap / 1048576.0,
                    (double) heap / partitions);
            System.out.printf("open fds +%d (%.3f/partition), index mmaps %d, storage handles open %d (max %d)%n",
                    fds, (double) fds / partitions, maps, manager.openHandleCount(), handlesMax);
            long t3 = System.nanoTime();
            manager.close();
            System.out.printf("close (flush all + checkpoint) %d ms%n", (System.nanoTime() - t3) / 1_000_000);
        }
        long t4 = System.nanoTime();
        try (LogManager reopened = LogManager.open(dir, Time.SYSTEM, storage)) {
            System.out.printf("reopen after clean shutdown %d ms, %d logs, handles open %d%n",
                    (System.nanoTime() - t4) / 1_000_000, reopened.all().size(), reopened.openHandleCount());
        }
        if (args.length <= 2) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static MemoryRecords batch() {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(2048), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        b.append(System.currentTimeMillis(), null, new byte[100]);
        return b.build();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // lets the collector finish before sampling; measurement only
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long count(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.count();
        }
    }

    private static long mappedIndexes() throws IOException {
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        return maps.stream().filter(l -> l.endsWith(".index") || l.endsWith(".timeindex")).count();
    }

    private static String maxOpenFiles() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("?");
    }
}
