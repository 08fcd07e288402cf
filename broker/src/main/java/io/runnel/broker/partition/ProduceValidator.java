package io.runnel.broker.partition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Checks record batches before they reach the log: the broker stores batches exactly as the client wrote them
 * (only base offset, leader epoch and, for LogAppendTime topics, the timestamp are rewritten), so everything a
 * reader will trust must be verified here.
 *
 * <p>Checks, with the typed exception each failure throws (the produce handler maps it to the Kafka error):
 * <ul>
 *   <li>magic 2 only: {@link InvalidRecordException} on produce v3+, {@link UnsupportedForMessageFormatException}
 *       for the legacy v0-2 requests (this broker never writes message format v0/v1);</li>
 *   <li>zstd needs produce v7+: {@link UnsupportedCompressionTypeException};</li>
 *   <li>client produce requests carry exactly one batch per partition (v3+ rule), no control and no
 *       transactional batches (no transaction coordinator yet): {@link InvalidRecordException};</li>
 *   <li>batch larger than max.message.bytes: {@link RecordTooLargeException};</li>
 *   <li>CRC32C mismatch, truncated batch, trailing bytes, undecompressable data: {@link CorruptRecordException};</li>
 *   <li>no records, offset deltas not 0..n-1, record count not matching last offset delta, keyless record on a
 *       compacted topic: {@link InvalidRecordException};</li>
 *   <li>CreateTime outside message.timestamp.before/after.max.ms: {@link InvalidTimestampException}.</li>
 * </ul>
 * A batch whose header max timestamp disagrees with its records gets it rewritten (CRC recomputed), so time
 * indexes stay truthful.
 *
 * <p>Stateless apart from a per-thread decompression buffer cache; safe to call from any thread.
 */
public final class ProduceValidator {
    /** Decompression buffers are reused per appending thread rather than allocated per batch. */
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private ProduceValidator() {
    }

    /** Where the records come from: clients get the strict produce-request rules. */
    public enum Origin { CLIENT, COORDINATOR }

    /**
     * Validates every batch of {@code records} (possibly rewriting a batch's max timestamp in place) and returns
     * one {@link ValidatedBatch} per batch, in order.
     */
    public static List<ValidatedBatch> validate(MemoryRecords records, short produceVersion, Origin origin,
                                                ValidationConfig config, long nowMs) {
        List<ValidatedBatch> out = new ArrayList<>(1);
        ByteBuffer buffer = records.buffer();
        int bytes = 0;
        for (MutableRecordBatch batch : batchesOf(records)) {
            if (origin == Origin.CLIENT && !out.isEmpty()) {
                throw new InvalidRecordException("Produce requests with version " + produceVersion
                        + " may contain only one record batch per partition");
            }
            out.add(validateBatch(batch, buffer, buffer.position() + bytes, produceVersion, origin, config, nowMs));
            bytes += batch.sizeInBytes();
        }
        if (out.isEmpty()) {
            throw new InvalidRecordException("Produce request has no record batch for the partition");
        }
        if (bytes != records.sizeInBytes()) {
            throw new CorruptRecordException("Record set has " + (records.sizeInBytes() - bytes)
                    + " trailing bytes that do not form a complete batch");
        }
        return out;
    }

    private static Iterable<MutableRecordBatch> batchesOf(MemoryRecords records) {
        // Iteration itself throws CorruptRecordException on a batch header with an impossible size.
        return records.batches();
    }

    private static ValidatedBatch validateBatch(MutableRecordBatch batch, ByteBuffer buffer, int batchStart,
                                                short produceVersion, Origin origin, ValidationConfig config,
                                                long nowMs) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            if (produceVersion < 3) {
                throw new UnsupportedForMessageFormatException("Message format v" + batch.magic()
                        + " is not supported; this broker stores record batches v2 only");
            }
            throw new InvalidRecordException("Produce requests with version " + produceVersion
                    + " may only contain record batches with magic 2, got " + batch.magic());
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Record batch of " + batch.sizeInBytes()
                    + " bytes exceeds max.message.bytes " + config.maxMessageBytes());
        }
        // CRC first: nothing else in the batch can be trusted before it.
        batch.ensureValid();
        if (batch.compressionType() == CompressionType.ZSTD && produceVersion < 7) {
            throw new UnsupportedCompressionTypeException("Produce requests with version " + produceVersion
                    + " may not use zstd compression (needs v7+)");
        }
        if (origin == Origin.CLIENT) {
            if (batch.isControlBatch()) {
                throw new InvalidRecordException("Clients may not produce control batches");
            }
            if (batch.isTransactional()) {
                throw new InvalidRecordException("Transactional batches are not supported by this broker");
            }
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("Idempotent batch of producer " + batch.producerId()
                    + " has no base sequence");
        }
        if (!batch.isCompressed()) {
            return validateUncompressed(batch, buffer, batchStart, config, nowMs);
        }
        return validateRecords(batch, config, nowMs);
    }

    /** The allocation-free path for uncompressed batches (the common case of small, latency-bound producers). */
    private static ValidatedBatch validateUncompressed(MutableRecordBatch batch, ByteBuffer buffer, int batchStart,
                                                       ValidationConfig config, long nowMs) {
        boolean checkTimestamps = config.timestampType() == TimestampType.CREATE_TIME;
        UncompressedRecordWalker.Walk walk = UncompressedRecordWalker.walk(buffer, batchStart, batch.sizeInBytes(),
                config.compacted() && !batch.isControlBatch(),
                checkTimestamps ? ts -> throwIfTimestampOutOfBounds(ts, config, nowMs) : ts -> { });
        return checkCountsAndTimestamp(batch, walk.count(), walk.maxTimestampMs(), checkTimestamps);
    }

    private static ValidatedBatch validateRecords(MutableRecordBatch batch, ValidationConfig config, long nowMs) {
        int expectedDelta = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean checkTimestamps = config.timestampType() == TimestampType.CREATE_TIME;
        try (CloseableIterator<Record> it = batch.skipKeyValueIterator(BUFFERS.get())) {
            while (it.hasNext()) {
                Record record = it.next();
                long delta = record.offset() - batch.baseOffset();
                if (delta != expectedDelta) {
                    throw new InvalidRecordException("Record offset delta " + delta + " at position "
                            + expectedDelta + " of the batch; offset deltas must be 0, 1, 2, ...");
                }
                if (config.compacted() && !record.hasKey() && !batch.isControlBatch()) {
                    throw new InvalidRecordException("Compacted topic cannot accept a record without key");
                }
                long ts = record.timestamp();
                if (checkTimestamps) {
                    throwIfTimestampOutOfBounds(ts, config, nowMs);
                }
                maxTimestamp = Math.max(maxTimestamp, ts);
                expectedDelta++;
            }
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Corrupt compressed payloads surface as assorted codec exceptions.
            throw new CorruptRecordException("Record batch could not be decoded: " + e.getMessage(), e);
        }
        return checkCountsAndTimestamp(batch, expectedDelta, maxTimestamp, checkTimestamps);
    }

    private static ValidatedBatch checkCountsAndTimestamp(MutableRecordBatch batch, int records, long maxTimestamp,
                                                          boolean checkTimestamps) {
        if (records == 0) {
            throw new InvalidRecordException("Record batch has no records");
        }
        int lastDelta = (int) (batch.lastOffset() - batch.baseOffset());
        Integer count = batch.countOrNull();
        if (lastDelta != records - 1 || count == null || count != records) {
            throw new InvalidRecordException("Record batch declares " + count + " records and last offset delta "
                    + lastDelta + " but holds " + records + " records");
        }
        if (checkTimestamps && (batch.maxTimestamp() != maxTimestamp
                || batch.timestampType() != TimestampType.CREATE_TIME)) {
            batch.setMaxTimestamp(TimestampType.CREATE_TIME, maxTimestamp);
        }
        return ValidatedBatch.of(batch, records, maxTimestamp);
    }

    private static void throwIfTimestampOutOfBounds(long ts, ValidationConfig config, long nowMs) {
        if (ts < 0 && ts != RecordBatch.NO_TIMESTAMP) {
            throw new InvalidTimestampException("Negative record timestamp " + ts);
        }
        if (ts == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        long diff = nowMs - ts;
        if (diff > config.timestampBeforeMaxMs()) {
            throw new InvalidTimestampException("Record timestamp " + ts + " is more than "
                    + config.timestampBeforeMaxMs() + " ms before the broker's time " + nowMs);
        }
        if (-diff > config.timestampAfterMaxMs()) {
            throw new InvalidTimestampException("Record timestamp " + ts + " is more than "
                    + config.timestampAfterMaxMs() + " ms after the broker's time " + nowMs);
        }
    }
}
