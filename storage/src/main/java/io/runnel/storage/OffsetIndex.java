package io.runnel.storage;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The offset index of one segment; layout in {@link OffsetIndexFormat}. Thread-safe (see {@link MappedIndex});
 * appended to by the partition's appender only.
 */
final class OffsetIndex extends MappedIndex {
    private final long baseOffset;
    /** Last appended offset, cached on the heap so the appender's monotonicity check costs no page access. */
    private long lastOffset;

    OffsetIndex(HandleCache cache, Path path, long baseOffset, int entries, int maxEntries, boolean writable) {
        super(cache, path, OffsetIndexFormat.ENTRY_BYTES, entries, maxEntries, writable);
        this.baseOffset = baseOffset;
        this.lastOffset = entries == 0 ? -1 : readLastOffset();
    }

    private long readLastOffset() {
        long result;
        synchronized (this) {
            result = offsetAt(buffer(), entries() - 1);
        }
        afterAccess();
        return result;
    }

    void append(long offset, int position) throws IOException {
        synchronized (this) {
            if (offset <= lastOffset) {
                throw new IllegalStateException("Offset index entries must increase: " + offset + " after "
                        + lastOffset + " in " + path());
            }
            int at = nextEntryPosition();
            MappedByteBuffer buf = buffer();
            buf.putInt(at + OffsetIndexFormat.RELATIVE_OFFSET_POSITION, (int) (offset - baseOffset));
            buf.putInt(at + OffsetIndexFormat.POSITION_POSITION, position);
            entryWritten();
            lastOffset = offset;
        }
        afterAccess();
    }

    /** Byte position of the last indexed batch starting at or before {@code offset}; 0 when there is none. */
    int lookup(long offset) {
        int result;
        synchronized (this) {
            int n = entries();
            if (n == 0 || offset < baseOffset) {
                return 0;
            }
            MappedByteBuffer buf = buffer();
            int found = lastEntryWhere(i -> offsetAt(buf, i) <= offset);
            result = found < 0 ? 0 : buf.getInt(found * entryBytes() + OffsetIndexFormat.POSITION_POSITION);
        }
        afterAccess();
        return result;
    }

    /**
     * The last entry whose position is {@code <= positionMax} and whose offset is {@code <= offsetMax}, as
     * {offset, position}; null when there is none. (Both fields increase, so the matching entries are a prefix.)
     */
    long[] lastEntryWithin(int positionMax, long offsetMax) {
        long[] result = null;
        synchronized (this) {
            if (entries() == 0) {
                return null;
            }
            MappedByteBuffer buf = buffer();
            int found = lastEntryWhere(i -> positionAt(buf, i) <= positionMax && offsetAt(buf, i) <= offsetMax);
            if (found >= 0) {
                result = new long[] {offsetAt(buf, found), positionAt(buf, found)};
            }
        }
        afterAccess();
        return result;
    }

    private int positionAt(MappedByteBuffer buf, int entry) {
        return buf.getInt(entry * entryBytes() + OffsetIndexFormat.POSITION_POSITION);
    }

    synchronized long lastOffset() {
        return lastOffset;
    }

    /**
     * True when the entries are plausible for a log of {@code logSizeBytes}: increasing offsets and positions,
     * all inside the log. A failed check makes recovery rebuild the index.
     */
    boolean isConsistentWith(int logSizeBytes) {
        boolean ok = true;
        synchronized (this) {
            int n = entries();
            if (n > 0) {
                MappedByteBuffer buf = buffer();
                long prevOffset = -1;
                int prevPosition = -1;
                for (int i = 0; i < n && ok; i++) {
                    long off = offsetAt(buf, i);
                    int pos = buf.getInt(i * entryBytes() + OffsetIndexFormat.POSITION_POSITION);
                    ok = off > prevOffset && pos > prevPosition && pos < logSizeBytes && off >= baseOffset;
                    prevOffset = off;
                    prevPosition = pos;
                }
            }
        }
        afterAccess();
        return ok;
    }

    private long offsetAt(MappedByteBuffer buf, int entry) {
        return baseOffset + buf.getInt(entry * entryBytes() + OffsetIndexFormat.RELATIVE_OFFSET_POSITION);
    }

    void reset() {
        synchronized (this) {
            clear();
            lastOffset = -1;
        }
    }
}
