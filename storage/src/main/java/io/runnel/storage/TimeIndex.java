package io.runnel.storage;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The time index of one segment; layout in {@link TimeIndexFormat}. Thread-safe (see {@link MappedIndex});
 * appended to by the partition's appender only.
 */
final class TimeIndex extends MappedIndex {
    private final long baseOffset;
    private long lastTimestampMs = RecordBatch.NO_TIMESTAMP;
    private long lastOffset = -1;

    TimeIndex(HandleCache cache, Path path, long baseOffset, int entries, int maxEntries, boolean writable) {
        super(cache, path, TimeIndexFormat.ENTRY_BYTES, entries, maxEntries, writable);
        this.baseOffset = baseOffset;
        if (entries > 0) {
            synchronized (this) {
                MappedByteBuffer buf = buffer();
                lastTimestampMs = timestampAt(buf, entries - 1);
                lastOffset = offsetAt(buf, entries - 1);
            }
            afterAccess();
        }
    }

    /** Adds (timestamp, offset) when the timestamp is larger than the last entry's; false otherwise. */
    boolean maybeAppend(long timestampMs, long offset) throws IOException {
        synchronized (this) {
            if (timestampMs <= lastTimestampMs || isFull()) {
                return false;
            }
            int at = nextEntryPosition();
            MappedByteBuffer buf = buffer();
            buf.putLong(at + TimeIndexFormat.TIMESTAMP_POSITION, timestampMs);
            buf.putInt(at + TimeIndexFormat.RELATIVE_OFFSET_POSITION, (int) (offset - baseOffset));
            entryWritten();
            lastTimestampMs = timestampMs;
            lastOffset = offset;
        }
        afterAccess();
        return true;
    }

    /** Offset of the last entry whose timestamp is below {@code timestampMs}, or -1 when there is none. */
    long lastOffsetBefore(long timestampMs) {
        long result;
        synchronized (this) {
            int n = entries();
            if (n == 0) {
                return -1;
            }
            MappedByteBuffer buf = buffer();
            int found = lastEntryWhere(i -> timestampAt(buf, i) < timestampMs);
            result = found < 0 ? -1 : offsetAt(buf, found);
        }
        afterAccess();
        return result;
    }

    synchronized long lastTimestampMs() {
        return lastTimestampMs;
    }

    synchronized long lastOffset() {
        return lastOffset;
    }

    /** Plausibility check used on load: increasing timestamps, offsets inside [base, nextOffset). */
    boolean isConsistentWith(long nextOffset) {
        boolean ok = true;
        synchronized (this) {
            int n = entries();
            if (n > 0) {
                MappedByteBuffer buf = buffer();
                long prevTs = Long.MIN_VALUE;
                long prevOffset = -1;
                for (int i = 0; i < n && ok; i++) {
                    long ts = timestampAt(buf, i);
                    long off = offsetAt(buf, i);
                    ok = ts > prevTs && off >= prevOffset && off >= baseOffset && off < nextOffset;
                    prevTs = ts;
                    prevOffset = off;
                }
            }
        }
        afterAccess();
        return ok;
    }

    void reset() {
        synchronized (this) {
            clear();
            lastTimestampMs = RecordBatch.NO_TIMESTAMP;
            lastOffset = -1;
        }
    }

    private long timestampAt(MappedByteBuffer buf, int entry) {
        return buf.getLong(entry * entryBytes() + TimeIndexFormat.TIMESTAMP_POSITION);
    }

    private long offsetAt(MappedByteBuffer buf, int entry) {
        return baseOffset + buf.getInt(entry * entryBytes() + TimeIndexFormat.RELATIVE_OFFSET_POSITION);
    }
}
