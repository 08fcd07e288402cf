package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** The allocation-free walker agrees with the codec's record iterator, on valid and on mutated batches. */
class UncompressedRecordWalkerProperties {

    private static MemoryRecords batch(List<@IntRange(min = -1, max = 40) Integer> sizes, long baseTs) {
        SimpleRecord[] records = new SimpleRecord[sizes.size()];
        for (int i = 0; i < records.length; i++) {
            int s = sizes.get(i);
            byte[] key = s % 3 == 0 ? null : new byte[Math.max(0, s)];
            byte[] value = s < 0 ? null : new byte[s];
            Header[] headers = s % 4 == 1 ? new Header[] {new RecordHeader("h" + i, new byte[s % 5])} : new Header[0];
            records[i] = new SimpleRecord(baseTs + (i * 37L % 11) - 5, key, value, headers);
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** The codec's view: count, max timestamp, any keyless record; or the exception. */
    private static Object iteratorView(MemoryRecords records) {
        try {
            RecordBatch b = records.batches().iterator().next();
            int count = 0;
            long max = RecordBatch.NO_TIMESTAMP;
            boolean keyless = false;
            for (Record r : b) {
                if (r.offset() - b.baseOffset() != count) {
                    return "bad-delta";
                }
                count++;
                max = Math.max(max, r.timestamp());
                keyless |= !r.hasKey();
            }
            return count + "/" + max + "/" + keyless;
        } catch (RuntimeException e) {
            return "error";
        }
    }

    private static Object walkerView(MemoryRecords records) {
        ByteBuffer buf = records.buffer();
        try {
            UncompressedRecordWalker.Walk w = UncompressedRecordWalker.walk(buf, buf.position(), buf.remaining(),
                    false, ts -> { });
            boolean keyless;
            try {
                UncompressedRecordWalker.walk(buf, buf.position(), buf.remaining(), true, ts -> { });
                keyless = false;
            } catch (InvalidRecordException e) {
                keyless = true;
            }
            return w.count() + "/" + w.maxTimestampMs() + "/" + keyless;
        } catch (InvalidRecordException e) {
            return "error";
        }
    }

    @Property(tries = 300)
    void shouldAgreeWithCodecOnValidBatches(@ForAll @Size(min = 1, max = 30) List<@IntRange(min = -1, max = 40) Integer> sizes,
                                            @ForAll @IntRange(min = 0, max = 1_000_000) int baseTs) {
        MemoryRecords records = batch(sizes, 1_700_000_000_000L + baseTs);
        assertThat(walkerView(records)).isEqualTo(iteratorView(records));
    }

    @Property(tries = 500)
    void shouldNeverAcceptWhatTheCodecRejects(@ForAll @Size(min = 1, max = 10) List<@IntRange(min = -1, max = 20) Integer> sizes,
                                              @ForAll @IntRange(min = 0, max = 10_000) int where,
                                              @ForAll byte value) {
        MemoryRecords records = batch(sizes, 1_700_000_000_000L);
        ByteBuffer buf = records.buffer();
        int recordsStart = buf.position() + UncompressedRecordWalker.RECORDS_OFFSET;
        int span = buf.limit() - recordsStart;
        buf.put(recordsStart + where % span, value);
        Object walker = walkerView(records);
        if (!"error".equals(walker)) {
            assertThat(walker).isEqualTo(iteratorView(records));
        }
    }
}
