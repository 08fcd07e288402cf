package io.runnel.broker.partition;

import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Validates the records of an uncompressed v2 batch in place, without materialising a record object or a key/value
 * buffer per record (the codec's iterator allocates three objects per record, the largest allocation of the
 * produce path). Reads the record layout of the batch format v2:
 *
 * <pre>
 * length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 * keyLength varint (-1 = null) | key | valueLength varint (-1 = null) | value |
 * headerCount varint | headerCount x (headerKeyLength varint | key | headerValueLength varint | value)
 * </pre>
 * (varints are zig-zag encoded). Checks what the iterator checks (each record exactly fills its length, the
 * records exactly fill the batch) plus the partition layer's rules (offset deltas 0..n-1, keys on compacted
 * topics), and reports the record count and the largest timestamp.
 *
 * <p>Stateless; the caller passes a buffer it owns for the duration of the call.
 */
final class UncompressedRecordWalker {
    /** Offset of the first record in a v2 batch (after the 61-byte header). */
    static final int RECORDS_OFFSET = 61;
    private static final int BASE_TIMESTAMP_OFFSET = 27;

    private UncompressedRecordWalker() {
    }

    /** Per-record timestamp rule, applied with the record's absolute timestamp. */
    interface TimestampCheck {
        void check(long timestampMs);
    }

    /** Result of a walk: number of records and the largest record timestamp. */
    record Walk(int count, long maxTimestampMs) {
    }

    /**
     * Walks the batch occupying {@code [batchStart, batchStart + batchSize)} of {@code buffer} (absolute
     * positions); throws {@link InvalidRecordException} on any violation.
     */
    static Walk walk(ByteBuffer buffer, int batchStart, int batchSize, boolean keysRequired,
                     TimestampCheck timestampCheck) {
        ByteBuffer b = buffer.duplicate();
        b.limit(batchStart + batchSize).position(batchStart + RECORDS_OFFSET);
        long baseTimestamp = buffer.getLong(batchStart + BASE_TIMESTAMP_OFFSET);
        int count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        try {
            while (b.hasRemaining()) {
                int length = readVarint(b);
                if (length < 0 || length > b.remaining()) {
                    throw new InvalidRecordException("Record " + count + " declares " + length + " bytes; "
                            + b.remaining() + " remain in the batch");
                }
                int recordStart = b.position();
                b.get(); // attributes: unused by v2 records
                long timestamp = baseTimestamp + readVarlong(b);
                int offsetDelta = readVarint(b);
                if (offsetDelta != count) {
                    throw new InvalidRecordException("Record offset delta " + offsetDelta + " at position " + count
                            + " of the batch; offset deltas must be 0, 1, 2, ...");
                }
                int keyLength = readVarint(b);
                if (keyLength < 0) {
                    if (keysRequired) {
                        throw new InvalidRecordException("Compacted topic cannot accept a record without key");
                    }
                } else {
                    skip(b, keyLength);
                }
                int valueLength = readVarint(b);
                if (valueLength >= 0) {
                    skip(b, valueLength);
                }
                int headers = readVarint(b);
                if (headers < 0) {
                    throw new InvalidRecordException("Record " + count + " has a negative header count");
                }
                for (int h = 0; h < headers; h++) {
                    int headerKeyLength = readVarint(b);
                    if (headerKeyLength < 0) {
                        throw new InvalidRecordException("Record " + count + " has a header with a null key");
                    }
                    skip(b, headerKeyLength);
                    int headerValueLength = readVarint(b);
                    if (headerValueLength >= 0) {
                        skip(b, headerValueLength);
                    }
                }
                if (b.position() - recordStart != length) {
                    throw new InvalidRecordException("Record " + count + " declares " + length + " bytes but holds "
                            + (b.position() - recordStart));
                }
                timestampCheck.check(timestamp);
                maxTimestamp = Math.max(maxTimestamp, timestamp);
                count++;
            }
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new InvalidRecordException("Record " + count + " runs past the end of its batch");
        }
        return new Walk(count, maxTimestamp);
    }

    private static void skip(ByteBuffer b, int bytes) {
        if (bytes > b.remaining()) {
            throw new InvalidRecordException("Field of " + bytes + " bytes runs past the end of its batch");
        }
        b.position(b.position() + bytes);
    }

    /** Zig-zag varint (at most 5 bytes). */
    static int readVarint(ByteBuffer b) {
        int raw = 0;
        int shift = 0;
        byte current;
        do {
            if (shift > 28) {
                throw new InvalidRecordException("Varint longer than 5 bytes");
            }
            current = b.get();
            raw |= (current & 0x7f) << shift;
            shift += 7;
        } while (current < 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Zig-zag varlong (at most 10 bytes). */
    static long readVarlong(ByteBuffer b) {
        long raw = 0;
        int shift = 0;
        byte current;
        do {
            if (shift > 63) {
                throw new InvalidRecordException("Varlong longer than 10 bytes");
            }
            current = b.get();
            raw |= (long) (current & 0x7f) << shift;
            shift += 7;
        } while (current < 0);
        return (raw >>> 1) ^ -(raw & 1);
    }
}
