package io.runnel.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The result of {@link PartitionLog#read}: whole record batches as an immutable (file, position, size) region,
 * for zero-copy transfer ({@code FileChannel.transferTo}, a Netty {@code DefaultFileRegion}).
 *
 * <p>The file handle is pinned until {@link #release()} (idempotent): the LRU will not close it and deleting or
 * compacting the segment does not disturb the bytes. Every slice must be released exactly once by its final
 * owner. An empty slice ({@link #isEmpty()}) has no channel.
 *
 * <p>Thread: created on the reading thread, may be handed to another (the network event loop) which releases it.
 */
public final class LogSlice {
    private static final LogSlice EMPTY = new LogSlice(null, null, null, 0, 0, -1, -1);

    private final LogDirectory logDir;
    private final SegmentFile file;
    private final FileChannel channel;
    private final long position;
    private final int sizeBytes;
    private final long firstBatchOffset;
    private final long nextOffset;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile MemoryRecords records;

    LogSlice(LogDirectory logDir, SegmentFile file, FileChannel channel, long position, int sizeBytes, long firstBatchOffset,
             long nextOffset) {
        this.logDir = logDir;
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.sizeBytes = sizeBytes;
        this.firstBatchOffset = firstBatchOffset;
        this.nextOffset = nextOffset;
    }

    static LogSlice empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return sizeBytes == 0;
    }

    /** The open segment file; null for an empty slice. Do not close it: call {@link #release()}. */
    public FileChannel channel() {
        return channel;
    }

    /** Byte position of the first batch in {@link #channel()}. */
    public long position() {
        return position;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    /** Base offset of the first batch (may be below the fetch offset, which lies inside it); -1 when empty. */
    public long firstBatchOffset() {
        return firstBatchOffset;
    }

    /**
     * The offset to read next: the last offset of the last batch + 1, or (after compaction left a gap) the base
     * offset of the batch that follows it; -1 when empty.
     */
    public long nextOffset() {
        return nextOffset;
    }

    /**
     * The batches copied into memory, for server-side decoding (coordinators replaying their topic). Must be
     * called before {@link #release()}; the copy stays valid afterwards.
     */
    public MemoryRecords records() {
        MemoryRecords r = records;
        if (r == null) {
            if (sizeBytes == 0) {
                return MemoryRecords.EMPTY;
            }
            if (released.get()) {
                throw new IllegalStateException("records() after release()");
            }
            ByteBuffer buf = ByteBuffer.allocate(sizeBytes);
            try {
                LogSegment.readFully(channel, position, buf);
            } catch (IOException e) {
                throw logDir.fail("reading " + file.path() + " at " + position, e);
            }
            buf.flip();
            r = MemoryRecords.readableRecords(buf);
            records = r;
        }
        return r;
    }

    /** Gives the file handle back. Idempotent. */
    public void release() {
        if (file != null && released.compareAndSet(false, true)) {
            file.release();
        }
    }

    @Override
    public String toString() {
        return isEmpty() ? "LogSlice(empty)" : "LogSlice(" + file.path().getFileName() + "@" + position + "+"
                + sizeBytes + ", offsets " + firstBatchOffset + ".." + (nextOffset - 1) + ")";
    }
}
