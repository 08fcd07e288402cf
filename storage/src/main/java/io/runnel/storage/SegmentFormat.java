package io.runnel.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The segment files of one partition directory, and the part of the Kafka record batch v2 header that the
 * storage layer reads. This class is the single description of that layout; readers and writers use its
 * constants.
 *
 * <pre>
 * partition dir:  00000000000000000000.log        record batches, bytes exactly as produced except
 *                 00000000000000000000.index      base offset, partition leader epoch and (LogAppendTime)
 *                 00000000000000000000.timeindex  max timestamp; see OffsetIndexFormat / TimeIndexFormat
 *                 00000000000000004711.log        next segment: base offset = first offset it may hold
 *                 ...                             (20 decimal digits, zero padded, so names sort by offset)
 *   transient:    X.log.cleaned   cleaner output being written      (recovery: delete)
 *                 X.log.swap      cleaner output complete, fsynced   (recovery: replaces X.log)
 *                 X.log.deleted   left the log, removed after file.delete.delay.ms (recovery: delete)
 *
 * .log file = batch*; one batch (big endian, kafka record batch v2):
 *   0        8       12            16     17      21          23               27
 *   +--------+-------+-------------+------+-------+-----------+----------------+---------------+
 *   | base   | batch | partition   |magic | crc32c| attributes| last offset    | base timestamp|
 *   | offset | length| leader epoch| (=2) |       |  (int16)  | delta (int32)  |   (int64)     | ...
 *   +--------+-------+-------------+------+-------+-----------+----------------+---------------+
 *   35 max timestamp (int64) | 43 producer id | 51 epoch | 53 base seq | 57 record count | 61 records...
 *   batch length counts the bytes after the length field: batch size on disk = 12 + length.
 *   CRC32C covers bytes [21, end of batch): base offset and leader epoch are not covered, so recovery checks
 *   them for monotonicity instead.
 * </pre>
 *
 * <p>Constants and pure functions only: thread-safe.
 */
final class SegmentFormat {
    static final String LOG_SUFFIX = ".log";
    static final String OFFSET_INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";
    static final String DELETED_SUFFIX = ".deleted";

    static final int BASE_OFFSET_POSITION = 0;
    static final int LENGTH_POSITION = 8;
    static final int PARTITION_LEADER_EPOCH_POSITION = 12;
    static final int MAGIC_POSITION = 16;
    static final int CRC_POSITION = 17;
    static final int ATTRIBUTES_POSITION = 21;
    static final int LAST_OFFSET_DELTA_POSITION = 23;
    static final int MAX_TIMESTAMP_POSITION = 35;
    /** Bytes before the length-counted part: base offset + length. */
    static final int LOG_OVERHEAD = 12;
    /** Full v2 header; the smallest valid batch (zero records) is this long. */
    static final int HEADER_BYTES = 61;
    static final byte MAGIC_V2 = 2;

    private SegmentFormat() {
    }

    static String baseName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + OFFSET_INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The base offset of "00000000000000000042.log" (any suffix), or -1 when the name is not a segment file. */
    static long parseBaseOffset(String fileName) {
        if (fileName.length() < 21 || fileName.charAt(20) != '.') {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    static long baseOffset(ByteBuffer header) {
        return baseOffset(header, header.position());
    }

    /** Base offset of the batch starting at absolute index {@code at} of {@code buf}. */
    static long baseOffset(ByteBuffer buf, int at) {
        return buf.getLong(at + BASE_OFFSET_POSITION);
    }

    /** Size of the whole batch on disk. */
    static int batchSize(ByteBuffer header) {
        return batchSize(header, header.position());
    }

    /** Size of the whole batch starting at absolute index {@code at} of {@code buf}. */
    static int batchSize(ByteBuffer buf, int at) {
        return LOG_OVERHEAD + buf.getInt(at + LENGTH_POSITION);
    }

    static long lastOffset(ByteBuffer header) {
        return lastOffset(header, header.position());
    }

    static long lastOffset(ByteBuffer buf, int at) {
        return baseOffset(buf, at) + lastOffsetDelta(buf, at);
    }

    static int lastOffsetDelta(ByteBuffer buf, int at) {
        return buf.getInt(at + LAST_OFFSET_DELTA_POSITION);
    }

    static long maxTimestamp(ByteBuffer header) {
        return maxTimestamp(header, header.position());
    }

    static long maxTimestamp(ByteBuffer buf, int at) {
        return buf.getLong(at + MAX_TIMESTAMP_POSITION);
    }
}
