package io.runnel.streams.runtime;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The wire form of a watermark marker in a repartition topic: a record with null key and value and two headers.
 * <pre>
 *   header "runnel.wm"   8 bytes  big-endian long: the writer task's watermark (Long.MAX_VALUE: end of input)
 *   header "runnel.src"  4 bytes  big-endian int: the writer task's partition number
 *   header "runnel.idle" 0 bytes  present when the writer declares itself idle (readers stop waiting for it)
 * </pre>
 * Data records in a repartition topic carry one header, "runnel.seq" (12 bytes: big-endian int, the writer task's
 * partition, then big-endian long, the writer's replay-stable sequence number, -1 for none) so that readers drop
 * copies a restarted writer sends again. One header, not two: the producer encodes and the consumer decodes every
 * header's name per record (a tenth of q8's processing thread with two). Records of builds before that carry
 * "runnel.src" and an 8-byte "runnel.seq"; they are still read.
 */
final class WatermarkMarkers {
    static final String WATERMARK_HEADER = "runnel.wm";
    static final String SOURCE_HEADER = "runnel.src";
    static final String SEQUENCE_HEADER = "runnel.seq";
    static final String IDLE_HEADER = "runnel.idle";

    private WatermarkMarkers() {
    }

    static Headers headers(int writer, long watermarkMs, boolean idle) {
        RecordHeaders h = new RecordHeaders();
        if (idle) {
            h.add(IDLE_HEADER, new byte[0]);
        }
        h.add(WATERMARK_HEADER, ByteBuffer.allocate(8).putLong(watermarkMs).array());
        h.add(SOURCE_HEADER, ByteBuffer.allocate(4).putInt(writer).array());
        return h;
    }

    /** The watermark header, or null for a data record. */
    static Header watermark(Headers headers) {
        return headers.lastHeader(WATERMARK_HEADER);
    }

    static boolean idle(Headers headers) {
        return headers.lastHeader(IDLE_HEADER) != null;
    }

    static long watermarkOf(Header h) {
        return ByteBuffer.wrap(h.value()).getLong();
    }

    static int writerOf(Headers headers) {
        Header h = headers.lastHeader(SOURCE_HEADER);
        return h == null ? -1 : ByteBuffer.wrap(h.value()).getInt();
    }

    static Headers sequenceHeaders(int writer, long sequence) {
        RecordHeaders h = new RecordHeaders();
        h.add(SEQUENCE_HEADER, ByteBuffer.allocate(SEQUENCE_BYTES).putInt(writer).putLong(sequence).array());
        return h;
    }

    private static final int SEQUENCE_BYTES = Integer.BYTES + Long.BYTES;

    /** A data record's tag (writer and sequence), or null: a marker, or a record without one. */
    static Header sequence(Headers headers) {
        return headers.lastHeader(SEQUENCE_HEADER);
    }

    /** The writer of a data record with tag {@code sequence} (older records name it in a header of its own). */
    static int writerOf(Header sequence, Headers headers) {
        byte[] v = sequence.value();
        return v.length == SEQUENCE_BYTES ? ByteBuffer.wrap(v).getInt(0) : writerOf(headers);
    }

    static long sequenceOf(Header sequence) {
        byte[] v = sequence.value();
        return ByteBuffer.wrap(v).getLong(v.length == SEQUENCE_BYTES ? Integer.BYTES : 0);
    }
}
