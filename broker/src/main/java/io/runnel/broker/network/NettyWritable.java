package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A Kafka {@link Writable} that encodes a response into Netty outbound messages without copying record bytes.
 *
 * <p>Plain fields go into one pooled buffer. {@link #writeRecords} cuts the buffer there: {@link MemoryRecords}
 * become a wrapped (not copied) buffer, {@link FileRegionRecords} a {@link ReleasingFileRegion} sent with
 * {@code sendfile}. {@link #finish()} returns the parts in wire order; the caller writes each one to the channel
 * (which then owns and releases them) or, on failure, calls {@link #discard()}.
 *
 * <p>Thread: confined to the connection's event loop for one response.
 */
final class NettyWritable implements Writable {
    private final ByteBuf buffer;
    private final List<Object> parts = new ArrayList<>(4);
    private int segmentStart;
    private boolean finished;

    NettyWritable(ByteBufAllocator alloc, int plainBytesHint) {
        this.buffer = alloc.buffer(plainBytesHint);
        this.segmentStart = buffer.writerIndex();
    }

    @Override
    public void writeByte(byte val) {
        buffer.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        buffer.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        buffer.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        buffer.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        buffer.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        buffer.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xffffff80) != 0L) {
            buffer.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        buffer.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte((int) value);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileRegionRecords fileRecords) {
            cutSegment();
            parts.add(new ReleasingFileRegion(fileRecords));
        } else if (records instanceof MemoryRecords memoryRecords) {
            cutSegment();
            parts.add(Unpooled.wrappedBuffer(memoryRecords.buffer()));
        } else {
            throw new IllegalArgumentException("Cannot send records of type " + records.getClass().getName());
        }
    }

    /** Overwrites 4 bytes at an absolute index of the plain buffer (for the size prefix). */
    void setInt(int index, int value) {
        buffer.setInt(index, value);
    }

    /** The parts in wire order; this writable's own reference to the plain buffer is given up. */
    List<Object> finish() {
        cutSegment();
        finished = true;
        buffer.release();
        return parts;
    }

    /** Releases everything gathered so far (encode failure). */
    void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.safeRelease(part);
        }
        parts.clear();
        if (!finished) {
            finished = true;
            buffer.release();
        }
    }

    private void cutSegment() {
        int length = buffer.writerIndex() - segmentStart;
        if (length > 0) {
            parts.add(buffer.retainedSlice(segmentStart, length));
        }
        segmentStart = buffer.writerIndex();
    }
}
