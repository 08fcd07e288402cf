package io.runnel.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment: a {@code .log} file of record batches plus its offset and time indexes (formats in
 * {@link SegmentFormat}, {@link OffsetIndexFormat}, {@link TimeIndexFormat}).
 *
 * <p>Threads: the partition's appender (holding the PartitionLog append lock) is the only writer and the only
 * one to call {@link #append}, {@link #seal()}, {@link #recover}. Readers run concurrently and only look at bytes
 * below {@link #sizeBytes()}, which the appender publishes (volatile) after the bytes and index entries are
 * written. Once sealed, a segment's bytes never change: compaction writes a new file and swaps it in.
 */
final class LogSegment {
    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);
    private static final ThreadLocal<ByteBuffer> HEADER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(SegmentFormat.HEADER_BYTES));

    private final Path dir;
    private final long baseOffset;
    private final SegmentFile log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private volatile int sizeBytes;
    private volatile long nextOffset;
    private volatile long maxTimestampMs = RecordBatch.NO_TIMESTAMP;
    /** Base offset of the batch holding {@link #maxTimestampMs}. */
    private volatile long maxTimestampBatchOffset = -1;
    /** Max timestamp of the first batch: segment.ms counts from it. */
    private long firstBatchTimestampMs = RecordBatch.NO_TIMESTAMP;
    private int bytesSinceLastIndexEntry;
    private volatile int flushedSizeBytes;
    private volatile boolean sealed;
    private final boolean preallocated;
    private int droppedBytes;

    private LogSegment(Path dir, long baseOffset, SegmentFile log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       int indexIntervalBytes, int sizeBytes, boolean sealed, boolean preallocated) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.sizeBytes = sizeBytes;
        this.flushedSizeBytes = sizeBytes;
        this.nextOffset = baseOffset;
        this.sealed = sealed;
        this.preallocated = preallocated;
    }

    /** A new, empty, active segment with preallocated indexes. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, HandleCache cache) throws IOException {
        Path logPath = SegmentFormat.logFile(dir, baseOffset);
        Files.deleteIfExists(logPath);
        Files.createFile(logPath);
        if (config.preallocate()) {
            try (RandomAccessFile raf = new RandomAccessFile(logPath.toFile(), "rw")) {
                raf.setLength(config.segmentBytesMax());
            }
        }
        int indexBytes = config.segmentIndexBytesMax();
        Path oi = SegmentFormat.offsetIndexFile(dir, baseOffset);
        Path ti = SegmentFormat.timeIndexFile(dir, baseOffset);
        MappedIndex.createFile(oi, indexBytes - indexBytes % OffsetIndexFormat.ENTRY_BYTES);
        MappedIndex.createFile(ti, indexBytes - indexBytes % TimeIndexFormat.ENTRY_BYTES);
        return new LogSegment(dir, baseOffset, new SegmentFile(cache, logPath, true),
                new OffsetIndex(cache, oi, baseOffset, 0, indexBytes / OffsetIndexFormat.ENTRY_BYTES, true),
                new TimeIndex(cache, ti, baseOffset, 0, indexBytes / TimeIndexFormat.ENTRY_BYTES, true),
                config.indexIntervalBytes(), 0, false, config.preallocate());
    }

    /**
     * Opens an existing segment. {@code validate}: re-check every batch (length, CRC32C, increasing offsets from
     * {@code minOffset}), truncate at the first invalid byte and rebuild both indexes. Otherwise the indexes are
     * loaded, checked for plausibility, and rebuilt (with validation) when missing or implausible.
     * {@link #droppedBytes()} tells how much a validation cut off.
     */
    static LogSegment open(Path dir, long baseOffset, boolean active, boolean validate, long minOffset,
                           LogConfig config, HandleCache cache) throws IOException {
        if (!validate) {
            Path oi = SegmentFormat.offsetIndexFile(dir, baseOffset);
            Path ti = SegmentFormat.timeIndexFile(dir, baseOffset);
            int oiEntries;
            int tiEntries;
            try {
                oiEntries = MappedIndex.entriesInFile(oi, OffsetIndexFormat.ENTRY_BYTES);
                tiEntries = MappedIndex.entriesInFile(ti, TimeIndexFormat.ENTRY_BYTES);
            } catch (IOException e) {
                LOG.warn("Rebuilding indexes of segment {} in {}: {}", baseOffset, dir, e.toString());
                return open(dir, baseOffset, active, true, minOffset, config, cache);
            }
            Path logPath = SegmentFormat.logFile(dir, baseOffset);
            int fileSize = (int) Math.min(Files.size(logPath), Integer.MAX_VALUE);
            int indexBytes = config.segmentIndexBytesMax();
            int oiMax = active ? Math.max(indexBytes / OffsetIndexFormat.ENTRY_BYTES, oiEntries) : oiEntries;
            int tiMax = active ? Math.max(indexBytes / TimeIndexFormat.ENTRY_BYTES, tiEntries) : tiEntries;
            LogSegment segment = new LogSegment(dir, baseOffset, new SegmentFile(cache, logPath, active),
                    new OffsetIndex(cache, oi, baseOffset, oiEntries, oiMax, active),
                    new TimeIndex(cache, ti, baseOffset, tiEntries, tiMax, active),
                    config.indexIntervalBytes(), fileSize, !active, false);
            String problem = segment.loadFromIndexes(fileSize);
            if (problem == null) {
                return segment;
            }
            LOG.warn("Segment {} of {}: {}; re-validating and rebuilding its indexes", baseOffset, dir, problem);
            segment.offsetIndex.close(false);
            segment.timeIndex.close(false);
            segment.log.closeForGood();
            return open(dir, baseOffset, active, true, minOffset, config, cache);
        }
        Path logPath = SegmentFormat.logFile(dir, baseOffset);
        int fileSize = (int) Math.min(Files.size(logPath), Integer.MAX_VALUE);
        int indexBytes = config.segmentIndexBytesMax();
        Path oi = SegmentFormat.offsetIndexFile(dir, baseOffset);
        Path ti = SegmentFormat.timeIndexFile(dir, baseOffset);
        MappedIndex.createFile(oi, indexBytes - indexBytes % OffsetIndexFormat.ENTRY_BYTES);
        MappedIndex.createFile(ti, indexBytes - indexBytes % TimeIndexFormat.ENTRY_BYTES);
        LogSegment segment = new LogSegment(dir, baseOffset, new SegmentFile(cache, logPath, true),
                new OffsetIndex(cache, oi, baseOffset, 0, indexBytes / OffsetIndexFormat.ENTRY_BYTES, true),
                new TimeIndex(cache, ti, baseOffset, 0, indexBytes / TimeIndexFormat.ENTRY_BYTES, true),
                config.indexIntervalBytes(), fileSize, false, false);
        segment.droppedBytes = segment.scan(minOffset, fileSize);
        if (!active) {
            segment.seal();
        }
        return segment;
    }

    /** Bytes the validation in {@link #open} truncated away (0 when nothing was invalid or not validated). */
    int droppedBytes() {
        return droppedBytes;
    }

    /**
     * Trusts the log (clean shutdown): finds its end by scanning headers from the last offset index entry and
     * checks both indexes. Returns null when all is consistent, else what is wrong.
     */
    private String loadFromIndexes(int fileSize) throws IOException {
        if (!offsetIndex.isConsistentWith(Math.max(fileSize, 1))) {
            return "offset index inconsistent with the log";
        }
        int position = offsetIndex.lookup(Long.MAX_VALUE);
        long next = baseOffset;
        ByteBuffer header = HEADER.get();
        FileChannel ch = log.acquire();
        try {
            if (readHeader(ch, 0, header, fileSize)) {
                firstBatchTimestampMs = SegmentFormat.maxTimestamp(header);
            }
            if (offsetIndex.entries() > 0 && (!readHeader(ch, position, header, fileSize)
                    || SegmentFormat.baseOffset(header) != offsetIndex.lastOffset())) {
                return "last offset index entry does not point at its batch";
            }
            while (readHeader(ch, position, header, fileSize)) {
                int size = SegmentFormat.batchSize(header);
                if (size < SegmentFormat.HEADER_BYTES || position + (long) size > fileSize) {
                    break;
                }
                next = SegmentFormat.lastOffset(header) + 1;
                position += size;
            }
        } finally {
            log.release();
        }
        if (position != fileSize) {
            return "log does not end on a batch boundary (" + position + " of " + fileSize + " bytes)";
        }
        nextOffset = next;
        if (!timeIndex.isConsistentWith(nextOffset)) {
            return "time index inconsistent with the log";
        }
        if (timeIndex.entries() > 0) {
            // the last entry names the batch holding the segment's max timestamp: check it against that batch
            FileChannel c = log.acquire();
            try {
                int at = findPosition(c, timeIndex.lastOffset(), fileSize);
                if (at < 0 || !readHeader(c, at, header, fileSize)
                        || SegmentFormat.baseOffset(header) != timeIndex.lastOffset()
                        || SegmentFormat.maxTimestamp(header) != timeIndex.lastTimestampMs()) {
                    return "last time index entry does not match its batch";
                }
            } finally {
                log.release();
            }
        }
        maxTimestampMs = timeIndex.lastTimestampMs();
        maxTimestampBatchOffset = timeIndex.lastOffset();
        return null;
    }

    /**
     * Walks the batches from position 0, validating each (length, magic, CRC32C, increasing offsets) and
     * rebuilding index entries and the in-memory summary; truncates the file at the first invalid batch.
     *
     * @return bytes truncated away
     */
    private int scan(long minOffset, int fileSize) throws IOException {
        int position = 0;
        long expectedMin = Math.max(minOffset, baseOffset);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        CRC32C crc = new CRC32C();
        String invalidReason = null;
        bytesSinceLastIndexEntry = indexIntervalBytes; // first batch gets an entry after a rebuild
        maxTimestampMs = RecordBatch.NO_TIMESTAMP;
        maxTimestampBatchOffset = -1;
        firstBatchTimestampMs = RecordBatch.NO_TIMESTAMP;
        FileChannel ch = log.acquire();
        try {
            while (position < fileSize) {
                if (fileSize - position < SegmentFormat.HEADER_BYTES) {
                    invalidReason = "torn batch header";
                    break;
                }
                readFully(ch, position, buffer.clear().limit(SegmentFormat.LOG_OVERHEAD));
                int length = buffer.getInt(SegmentFormat.LENGTH_POSITION);
                long batchSizeLong = SegmentFormat.LOG_OVERHEAD + (long) length;
                if (batchSizeLong < SegmentFormat.HEADER_BYTES) {
                    invalidReason = "batch length " + length + " too small";
                    break;
                }
                if (position + batchSizeLong > fileSize) {
                    invalidReason = "torn batch (" + batchSizeLong + " bytes announced, " + (fileSize - position)
                            + " left)";
                    break;
                }
                int batchSize = (int) batchSizeLong;
                int readBytes = batchSize;
                if (buffer.capacity() < readBytes) {
                    buffer = ByteBuffer.allocate(readBytes);
                }
                readFully(ch, position, buffer.clear().limit(readBytes));
                buffer.flip();
                long batchBase = SegmentFormat.baseOffset(buffer);
                int lastDelta = buffer.getInt(SegmentFormat.LAST_OFFSET_DELTA_POSITION);
                {
                    if (buffer.get(SegmentFormat.MAGIC_POSITION) != SegmentFormat.MAGIC_V2) {
                        invalidReason = "magic " + buffer.get(SegmentFormat.MAGIC_POSITION);
                        break;
                    }
                    crc.reset();
                    crc.update(buffer.duplicate().position(SegmentFormat.ATTRIBUTES_POSITION).limit(batchSize));
                    long stored = Integer.toUnsignedLong(buffer.getInt(SegmentFormat.CRC_POSITION));
                    if (crc.getValue() != stored) {
                        invalidReason = "CRC32C mismatch";
                        break;
                    }
                    if (batchBase < expectedMin || lastDelta < 0
                            || batchBase + lastDelta - baseOffset > Integer.MAX_VALUE) {
                        invalidReason = "offsets " + batchBase + ".." + (batchBase + lastDelta)
                                + " not increasing from " + expectedMin;
                        break;
                    }
                }
                onBatchWritten(position, batchBase, batchBase + lastDelta, batchSize,
                        SegmentFormat.maxTimestamp(buffer));
                expectedMin = batchBase + lastDelta + 1;
                position += batchSize;
            }
        } finally {
            log.release();
        }
        int dropped = fileSize - position;
        if (dropped > 0) {
            LOG.warn("Recovery of {}: {} at position {}; truncating {} bytes", log.path(), invalidReason, position,
                    dropped);
            truncateFile(position);
        } else if (fileSize > 0) {
            // validated bytes may sit only in the page cache of a crashed process: make them durable before
            // the recovery point moves past them
            FileChannel c = log.acquire();
            try {
                c.force(true);
            } finally {
                log.release();
            }
        }
        sizeBytes = position;
        flushedSizeBytes = position;
        nextOffset = Math.max(baseOffset, expectedMin);
        return dropped;
    }

    private void truncateFile(int position) throws IOException {
        FileChannel ch = log.acquire();
        try {
            if (ch.size() > position) {
                ch.truncate(position);
            }
            ch.force(true);
        } finally {
            log.release();
        }
    }

    /**
     * Writes already offset-assigned batches (from {@code batches}' position to its limit) at the end. The buffer's
     * position is restored before returning; nothing is allocated per call (this runs once per produce request).
     * Appender thread only.
     */
    void append(ByteBuffer batches) throws IOException {
        int position = sizeBytes;
        int start = batches.position();
        int end = batches.limit();
        FileChannel ch = log.acquire();
        try {
            long at = position;
            while (batches.hasRemaining()) {
                at += ch.write(batches, at);
            }
        } finally {
            batches.position(start);
            log.release();
        }
        // index entries per batch, from the in-memory copy (no re-read)
        long last = nextOffset - 1;
        for (int pos = start; pos < end; ) {
            int batchSize = SegmentFormat.batchSize(batches, pos);
            last = SegmentFormat.lastOffset(batches, pos);
            onBatchWritten(position + (pos - start), SegmentFormat.baseOffset(batches, pos), last, batchSize,
                    SegmentFormat.maxTimestamp(batches, pos));
            pos += batchSize;
        }
        nextOffset = last + 1;
        sizeBytes = position + (end - start); // publish last: readers see only complete batches
    }

    private void onBatchWritten(int position, long base, long last, int batchSize, long batchMaxTimestampMs)
            throws IOException {
        if (firstBatchTimestampMs == RecordBatch.NO_TIMESTAMP && position == 0) {
            firstBatchTimestampMs = batchMaxTimestampMs;
        }
        if (batchMaxTimestampMs > maxTimestampMs) {
            maxTimestampMs = batchMaxTimestampMs;
            maxTimestampBatchOffset = base;
        }
        if (bytesSinceLastIndexEntry >= indexIntervalBytes && !offsetIndex.isFull() && !timeIndex.isFull()) {
            offsetIndex.append(base, position);
            timeIndex.maybeAppend(maxTimestampMs, maxTimestampBatchOffset);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchSize;
    }

    /**
     * Position of the first batch that holds an offset {@code >= offset} (and below {@code committedSize}), or -1
     * when this segment has none.
     */
    int findPosition(FileChannel ch, long offset, int committedSize) throws IOException {
        int position = offsetIndex.lookup(offset);
        ByteBuffer header = HEADER.get();
        while (position < committedSize) {
            if (!readHeader(ch, position, header, committedSize)) {
                return -1;
            }
            if (SegmentFormat.lastOffset(header) >= offset) {
                return position;
            }
            position += SegmentFormat.batchSize(header);
        }
        return -1;
    }

    /** See {@link OffsetIndex#lastEntryWithin}. */
    long[] indexEntryWithin(int positionMax, long offsetMax) {
        return offsetIndex.lastEntryWithin(positionMax, offsetMax);
    }

    /** First batch whose max timestamp is {@code >= timestampMs}: its base offset and position, or null. */
    long[] findTimestamp(FileChannel ch, long timestampMs, int committedSize) throws IOException {
        long startOffset = timeIndex.lastOffsetBefore(timestampMs);
        int position = startOffset < 0 ? 0 : offsetIndex.lookup(startOffset);
        ByteBuffer header = HEADER.get();
        while (position < committedSize) {
            if (!readHeader(ch, position, header, committedSize)) {
                return null;
            }
            if (SegmentFormat.maxTimestamp(header) >= timestampMs) {
                return new long[] {SegmentFormat.baseOffset(header), position};
            }
            position += SegmentFormat.batchSize(header);
        }
        return null;
    }

    /** Reads the 61-byte header at {@code position} into {@code header} (flipped); false when it does not fit. */
    static boolean readHeader(FileChannel ch, int position, ByteBuffer header, int limit) throws IOException {
        if (position + SegmentFormat.HEADER_BYTES > limit) {
            return false;
        }
        header.clear();
        readFully(ch, position, header);
        header.flip();
        return true;
    }

    static void readFully(FileChannel ch, long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new java.io.EOFException("Unexpected end of " + ch + " at " + at);
            }
            at += n;
        }
    }

    /** True when the segment's file is open, so an append needs no open() (the handle cache may close it). */
    boolean hasOpenFile() {
        return log.isOpen();
    }

    /** True when appending {@code bytes} more (ending at {@code lastOffset}) needs a new segment first. */
    boolean shouldRoll(int bytes, long lastOffset, LogConfig config, long nowMs) {
        if (sizeBytes == 0) {
            return false;
        }
        return (long) sizeBytes + bytes > config.segmentBytesMax()
                || offsetIndex.isFull() || timeIndex.isFull()
                || lastOffset - baseOffset > Integer.MAX_VALUE
                || (firstBatchTimestampMs != RecordBatch.NO_TIMESTAMP && firstBatchTimestampMs >= 0
                && nowMs - firstBatchTimestampMs > config.segmentMs());
    }

    /** Rolled: the final time index entry, trimmed indexes (and file when preallocated), read-only from now. */
    void seal() throws IOException {
        if (maxTimestampBatchOffset >= 0) {
            timeIndex.maybeAppend(maxTimestampMs, maxTimestampBatchOffset);
        }
        offsetIndex.seal();
        timeIndex.seal();
        if (preallocated) {
            truncateFile(sizeBytes);
        }
        log.seal();
        sealed = true;
    }

    /** Flushes the log bytes below the current size; returns the size that is now durable. */
    int flush() throws IOException {
        int size = sizeBytes;
        if (size > flushedSizeBytes) {
            FileChannel ch = log.acquire();
            try {
                ch.force(false);
            } finally {
                log.release();
            }
            flushedSizeBytes = size;
        }
        return size;
    }

    /** Clean close: final time index entry, trimmed indexes and file. Appender/closer only. */
    void close() throws IOException {
        if (!sealed) {
            if (maxTimestampBatchOffset >= 0) {
                timeIndex.maybeAppend(maxTimestampMs, maxTimestampBatchOffset);
            }
            if (preallocated) {
                truncateFile(sizeBytes);
            }
        }
        offsetIndex.close(true);
        timeIndex.close(true);
        log.closeForGood();
    }

    /** Drops descriptors and mappings without trimming (the whole partition directory is being deleted). */
    void closeForDelete() throws IOException {
        offsetIndex.close(false);
        timeIndex.close(false);
        log.closeForGood();
    }

    /** Renames all three files to {@code *.deleted}; open handles keep serving readers until released. */
    void renameToDeleted() throws IOException {
        log.renameTo(log.path().resolveSibling(log.path().getFileName() + SegmentFormat.DELETED_SUFFIX));
        offsetIndex.renameTo(offsetIndex.path().resolveSibling(offsetIndex.path().getFileName()
                + SegmentFormat.DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.path().resolveSibling(timeIndex.path().getFileName()
                + SegmentFormat.DELETED_SUFFIX));
    }

    /** After {@link #renameToDeleted()}: no new users; the files go once the last reader releases them. */
    void closeAndDeleteFiles() throws IOException {
        offsetIndex.close(false);
        timeIndex.close(false);
        log.closeForGood();
        Files.deleteIfExists(offsetIndex.path());
        Files.deleteIfExists(timeIndex.path());
        Files.deleteIfExists(log.path()); // POSIX: readers holding the channel keep reading the unlinked inode
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeBytes() {
        return sizeBytes;
    }

    long nextOffset() {
        return nextOffset;
    }

    long maxTimestampMs() {
        return maxTimestampMs;
    }

    long maxTimestampBatchOffset() {
        return maxTimestampBatchOffset;
    }

    int flushedSizeBytes() {
        return flushedSizeBytes;
    }

    SegmentFile log() {
        return log;
    }

    boolean isSealed() {
        return sealed;
    }

    Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "LogSegment(" + log.path() + ", size=" + sizeBytes + ", next=" + nextOffset + ")";
    }
}
