package io.runnel.broker.partition;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Applies a topic's {@code compression.type} when it is not {@code producer}: batches stored with another codec
 * are rebuilt with the topic's codec, keeping producer id, epoch, sequences, offsets deltas, timestamps, keys,
 * values and headers. The default ({@code producer}) stores the producer's bytes untouched, which is what keeps
 * produce cheap; this path costs a decompress and a compress per batch.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Recompressor {
    private Recompressor() {
    }

    /** The codec a topic's {@code compression.type} asks for, or null for {@code producer} (keep as sent). */
    public static CompressionType targetOf(String compressionTypeConfig) {
        return switch (compressionTypeConfig) {
            case "producer" -> null;
            case "uncompressed" -> CompressionType.NONE;
            default -> CompressionType.forName(compressionTypeConfig);
        };
    }

    /** {@code records} with every batch in {@code target}; the same instance when nothing needs rebuilding. */
    public static MemoryRecords maybeRecompress(MemoryRecords records, CompressionType target) {
        if (target == null) {
            return records;
        }
        boolean needed = false;
        for (RecordBatch batch : records.batches()) {
            needed |= batch.compressionType() != target;
        }
        if (!needed) {
            return records;
        }
        java.util.List<MemoryRecords> rebuilt = new java.util.ArrayList<>();
        int total = 0;
        for (MutableRecordBatch batch : records.batches()) {
            MemoryRecords one = batch.compressionType() == target ? batchOnly(batch) : rebuild(batch, target);
            rebuilt.add(one);
            total += one.sizeInBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (MemoryRecords r : rebuilt) {
            out.put(r.buffer().duplicate());
        }
        out.flip();
        return MemoryRecords.readableRecords(out);
    }

    private static MemoryRecords batchOnly(MutableRecordBatch batch) {
        ByteBuffer buf = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buf);
        buf.flip();
        return MemoryRecords.readableRecords(buf);
    }

    private static MemoryRecords rebuild(MutableRecordBatch batch, CompressionType target) {
        ByteBuffer buf = ByteBuffer.allocate(Math.max(256, batch.sizeInBytes() * 2));
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(buf, RecordBatch.MAGIC_VALUE_V2,
                Compression.of(target).build(), TimestampType.CREATE_TIME, batch.baseOffset(),
                RecordBatch.NO_TIMESTAMP, batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                batch.isTransactional(), batch.isControlBatch(), batch.partitionLeaderEpoch(), Integer.MAX_VALUE);
        try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                Record r = it.next();
                builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
            }
        }
        return builder.build();
    }
}
