package io.runnel.bench.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Shared helpers of the storage benchmarks: batches of 1 KiB records, temp directories. */
final class BenchFiles {
    static final int RECORD_BYTES = 1024;

    private BenchFiles() {
    }

    /** One uncompressed v2 batch of 1 KiB records, about {@code batchBytes} long in total. */
    static MemoryRecords batchOf(int batchBytes) {
        int records = Math.max(1, batchBytes / (RECORD_BYTES + 16));
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(batchBytes + 1024),
                RecordBatch.MAGIC_VALUE_V2, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[RECORD_BYTES];
        for (int i = 0; i < records; i++) {
            value[i % RECORD_BYTES] = (byte) i;
            b.append(1_700_000_000_000L + i, null, value);
        }
        return b.build();
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
