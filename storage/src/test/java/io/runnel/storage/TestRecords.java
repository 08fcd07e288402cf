package io.runnel.storage;

import io.runnel.common.Time;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Builders for record batches as a producer sends them (base offset 0), and a settable clock. */
final class TestRecords {
    private TestRecords() {
    }

    static MemoryRecords batch(long timestampMs, String... values) {
        return batch(Compression.NONE, timestampMs, values);
    }

    static MemoryRecords batch(Compression compression, long timestampMs, String... values) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1024 + 64 * values.length),
                RecordBatch.MAGIC_VALUE_V2, compression, TimestampType.CREATE_TIME, 0L);
        for (String v : values) {
            b.append(timestampMs, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** One batch of keyed records; a null value is a tombstone. */
    static MemoryRecords keyed(Compression compression, long timestampMs, List<String[]> keyValues) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1024 + 128 * keyValues.size()),
                RecordBatch.MAGIC_VALUE_V2, compression, TimestampType.CREATE_TIME, 0L);
        for (String[] kv : keyValues) {
            b.append(timestampMs, kv[0].getBytes(StandardCharsets.UTF_8),
                    kv[1] == null ? null : kv[1].getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** A batch of {@code count} records of {@code recordBytes} value bytes each. */
    static MemoryRecords sized(int count, int recordBytes, long timestampMs) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(count * (recordBytes + 32) + 128),
                RecordBatch.MAGIC_VALUE_V2, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[recordBytes];
        for (int i = 0; i < count; i++) {
            b.append(timestampMs, null, value);
        }
        return b.build();
    }

    static List<String> values(MemoryRecords records) {
        List<String> out = new ArrayList<>();
        for (Record r : records.records()) {
            out.add(r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null);
        }
        return out;
    }

    static List<Long> offsets(MemoryRecords records) {
        List<Long> out = new ArrayList<>();
        for (Record r : records.records()) {
            out.add(r.offset());
        }
        return out;
    }

    /** Reads everything from the log start, following slices across segments. */
    static List<Record> readAll(PartitionLog log) {
        List<Record> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            LogSlice slice = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true);
            try {
                if (slice.isEmpty()) {
                    break;
                }
                for (RecordBatch batch : slice.records().batches()) {
                    batch.ensureValid();
                    for (Record r : batch) {
                        if (r.offset() >= offset) {
                            out.add(r);
                        }
                    }
                }
                offset = slice.nextOffset();
            } finally {
                slice.release();
            }
        }
        return out;
    }

    static final class ManualTime implements Time {
        private final AtomicLong nowMs;

        ManualTime(long startMs) {
            this.nowMs = new AtomicLong(startMs);
        }

        void advance(long ms) {
            nowMs.addAndGet(ms);
        }

        @Override
        public long nowMs() {
            return nowMs.get();
        }

        @Override
        public long nowNs() {
            return nowMs.get() * 1_000_000;
        }
    }
}
