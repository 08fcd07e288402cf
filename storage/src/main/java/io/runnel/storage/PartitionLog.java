package io.runnel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one topic partition: an ordered list of {@link LogSegment}s, the last one active.
 *
 * <p>Threads: appends, rolls, retention, DeleteRecords, the cleaner's segment swap and close are serialized by
 * {@code lock} (single writer). Readers ({@link #read}, lookups) take no lock: they read the volatile
 * {@code segments} array (copy-on-write), {@code logStartOffset} and {@code logEndOffset}, and only bytes below a
 * segment's published size. The flusher thread calls {@link #flushFromFlusher()}; durable waiters are guarded by
 * {@code waiters}' monitor. Retention and DeleteRecords hold {@code lock} only to take segments out of the list;
 * the file work after that (start offset fsync, renames) runs under {@code retireLock}, off the append path.
 */
public final class PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    private static final int READ_ATTEMPTS_MAX = 4;

    private final String topic;
    private final int partition;
    private final Path dir;
    private final LogDirectory logDir;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Serializes taking segments out of the log with the slow work that follows outside {@code lock} (persisting
     * the log start offset, renaming files), and with close. Order: {@code retireLock} before {@code lock}.
     */
    private final ReentrantLock retireLock = new ReentrantLock();
    private final LeaderEpochCache epochs;
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::offset));
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private volatile LogConfig config;
    /**
     * False for a log loaded from disk until the broker supplies its topic config ({@link #updateConfig} or
     * {@code LogManager.getOrCreate}): retention and compaction must not act on defaults meanwhile.
     */
    private volatile boolean configured;
    private volatile LogSegment[] segments;
    private volatile long logStartOffset;
    /** The log start offset last written to its file; guarded by {@code retireLock} (or set at load). */
    private long persistedLogStartOffset;
    private volatile long logEndOffset;
    private volatile long flushedOffset;
    private volatile long lastFlushMs;
    /** Largest offset an awaitDurable caller waits for: an append reaching it must wake the flusher. */
    private volatile long durableWantedOffset;
    private volatile boolean closed;
    /** Segment files were created in this directory since its last fsync (new log, roll). */
    private volatile boolean segmentEntriesDirty;
    /** First offset not yet compacted; owned by the cleaner thread, persisted in cleaner-offset-checkpoint. */
    private volatile long cleanerCheckpoint;
    /**
     * Earliest delete horizon of a tombstone the cleaner kept (owned by the cleaner thread). Unknown after a
     * restart, hence 0: the first pass finds out.
     */
    private volatile long tombstoneHorizonMs;

    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private PartitionLog(String topic, int partition, Path dir, LogDirectory logDir, LogConfig config,
                         LeaderEpochCache epochs, LogSegment[] segments, long logStartOffset, long cleanerCheckpoint) {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
        this.logDir = logDir;
        this.config = config;
        this.epochs = epochs;
        this.segments = segments;
        this.logStartOffset = logStartOffset;
        this.persistedLogStartOffset = logStartOffset;
        LogSegment last = segments[segments.length - 1];
        this.logEndOffset = last.nextOffset();
        this.flushedOffset = logEndOffset;
        this.lastFlushMs = logDir.time().nowMs();
        this.cleanerCheckpoint = cleanerCheckpoint;
    }

    /** Creates the directory and first segment of a new, empty log. */
    static PartitionLog create(String topic, int partition, Path dir, LogDirectory logDir, LogConfig config)
            throws IOException {
        Files.createDirectories(dir);
        LogSegment first = LogSegment.create(dir, 0, config, logDir.handles());
        // the new directory entries become durable with the first flush (see flush()), not here: creating
        // thousands of partitions must not cost thousands of fsyncs
        PartitionLog log = new PartitionLog(topic, partition, dir, logDir, config, LeaderEpochCache.load(dir),
                new LogSegment[] {first}, 0, 0);
        logDir.markEntriesDirty();
        log.segmentEntriesDirty = true;
        log.configured = true;
        return log;
    }

    /**
     * Opens an existing log directory. Without a clean shutdown, every segment that may hold offsets at or past
     * {@code recoveryPoint} is re-validated and the log truncated at the first invalid byte (see
     * {@link LogSegment#open}); leftovers of interrupted deletes and compactions are finished first.
     */
    static PartitionLog load(String topic, int partition, Path dir, LogDirectory logDir, LogConfig config,
                             boolean cleanShutdown, long recoveryPoint) throws IOException {
        finishInterruptedOperations(dir);
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SegmentFormat.LOG_SUFFIX))
                    .mapToLong(SegmentFormat::parseBaseOffset)
                    .filter(b -> b >= 0)
                    .sorted()
                    .forEach(bases::add);
        }
        Optional<Long> persistedStart = LogDirFormat.readSingleOffset(dir.resolve(LogDirFormat.LOG_START_OFFSET_FILE));
        List<LogSegment> loaded = new ArrayList<>();
        long minOffset = 0;
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            boolean active = i == bases.size() - 1;
            boolean validate = !cleanShutdown && (active || bases.get(i + 1) > recoveryPoint);
            LogSegment segment = LogSegment.open(dir, base, active, validate, minOffset, config, logDir.handles());
            loaded.add(segment);
            minOffset = segment.nextOffset();
            if (segment.droppedBytes() > 0 && !active) {
                // everything after the first invalid byte goes, including later segments
                for (int j = i + 1; j < bases.size(); j++) {
                    long dropped = bases.get(j);
                    LOG.warn("Recovery of {}: deleting segment {} after the truncation point", dir, dropped);
                    Files.deleteIfExists(SegmentFormat.logFile(dir, dropped));
                    Files.deleteIfExists(SegmentFormat.offsetIndexFile(dir, dropped));
                    Files.deleteIfExists(SegmentFormat.timeIndexFile(dir, dropped));
                }
                // the truncated segment becomes the active one again
                segment.close();
                loaded.set(loaded.size() - 1, LogSegment.open(dir, base, true, false, 0, config, logDir.handles()));
                break;
            }
        }
        if (loaded.isEmpty()) {
            long start = persistedStart.orElse(0L);
            loaded.add(LogSegment.create(dir, start, config, logDir.handles()));
        }
        long endOffset = loaded.get(loaded.size() - 1).nextOffset();
        long startOffset = Math.min(endOffset, Math.max(loaded.get(0).baseOffset(), persistedStart.orElse(0L)));
        LeaderEpochCache epochs = LeaderEpochCache.load(dir);
        epochs.truncateFromEnd(endOffset);
        epochs.truncateFromStart(startOffset);
        long cleaned = LogDirFormat.readSingleOffset(dir.resolve(LogDirFormat.CLEANER_OFFSET_FILE)).orElse(0L);
        return new PartitionLog(topic, partition, dir, logDir, config, epochs, loaded.toArray(new LogSegment[0]),
                startOffset, Math.min(cleaned, endOffset));
    }

    /** Removes .deleted/.cleaned leftovers and completes swaps whose .swap file was fully written. */
    private static void finishInterruptedOperations(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(SegmentFormat.DELETED_SUFFIX) || name.endsWith(SegmentFormat.CLEANED_SUFFIX)
                    || name.endsWith(".tmp")) {
                Files.deleteIfExists(p);
            }
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(SegmentFormat.LOG_SUFFIX + SegmentFormat.SWAP_SUFFIX)) {
                long base = SegmentFormat.parseBaseOffset(name);
                LOG.warn("Completing an interrupted compaction swap of segment {} in {}", base, dir);
                Files.deleteIfExists(SegmentFormat.offsetIndexFile(dir, base));
                Files.deleteIfExists(SegmentFormat.timeIndexFile(dir, base));
                Files.move(p, SegmentFormat.logFile(dir, base), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Appends batches the broker has validated (CRC, sizes, magic v2): assigns offsets from the log end offset
     * (base offsets rewritten in place), stamps the partition leader epoch and, for LogAppendTime topics,
     * the append time. Single writer: concurrent callers are serialized. The batches' buffer is modified in
     * place and must not be reused by the caller until this returns.
     */
    public AppendResult append(MemoryRecords validated, int leaderEpoch, long nowMs) {
        logDir.throwIfOffline();
        lock.lock();
        try {
            return appendLocked(validated, leaderEpoch, nowMs, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #append} for a caller that must not wait (a network event loop): null, with nothing written, when the
     * append would do more than one page-cache write and index updates, namely when another thread holds the
     * log's lock, the active segment must be rolled (file creation, index trimming) or its file reopened after
     * the handle cache closed it, or a new leader epoch must be written to the epoch checkpoint. The caller then appends the ordinary way. The batches' offsets may have been
     * rewritten in place either way; the next append rewrites them again.
     */
    public AppendResult tryAppendWithoutWaiting(MemoryRecords validated, int leaderEpoch, long nowMs) {
        logDir.throwIfOffline();
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return appendLocked(validated, leaderEpoch, nowMs, false);
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock. With {@code mayWait} false, returns null instead of rolling or reopening the segment. */
    private AppendResult appendLocked(MemoryRecords validated, int leaderEpoch, long nowMs, boolean mayWait) {
        try {
            throwIfClosed();
            LogConfig cfg = config;
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            // one walk over the batch headers with absolute gets and puts: no iterator or batch objects per
            // append (the records inside are never looked at; the broker validated them)
            ByteBuffer bytes = validated.buffer(); // a duplicate: position and limit are ours
            int start = bytes.position();
            int end = bytes.limit();
            long first = logEndOffset;
            long next = first;
            for (int at = start; at < end; ) {
                int size = checkedBatchSize(bytes, at, end);
                int delta = SegmentFormat.lastOffsetDelta(bytes, at);
                bytes.putLong(at + SegmentFormat.BASE_OFFSET_POSITION, next);
                bytes.putInt(at + SegmentFormat.PARTITION_LEADER_EPOCH_POSITION, leaderEpoch);
                if (logAppendTime) {
                    stampAppendTime(bytes, at, size, nowMs);
                }
                next += (long) delta + 1;
                at += size;
            }
            if (next == first) {
                throw new IllegalArgumentException("Append of no record batches to " + this);
            }
            LogSegment active = segments[segments.length - 1];
            if (active.shouldRoll(end - start, next - 1, cfg, nowMs)) {
                if (!mayWait) {
                    return null;
                }
                active = roll(first, cfg);
            } else if (!mayWait && (!active.hasOpenFile() || epochs.assignWrites(leaderEpoch))) {
                return null;
            }
            epochs.assign(leaderEpoch, first);
            active.append(bytes);
            logEndOffset = next;
            if (next - flushedOffset >= cfg.flushMessages() || durableWantedOffset > flushedOffset) {
                logDir.flusher().request(this);
            }
            return new AppendResult(first, next - 1, logAppendTime ? nowMs : RecordBatch.NO_TIMESTAMP,
                    logStartOffset);
        } catch (IOException e) {
            throw logDir.fail("append to " + this, e);
        }
    }

    /**
     * Size of the batch at {@code at}, after checking that its header and body lie within {@code end} and that it
     * is a v2 batch; IllegalArgumentException otherwise (the broker's validation makes that a caller bug).
     */
    private int checkedBatchSize(ByteBuffer bytes, int at, int end) {
        // the magic byte sits at the same place in legacy (v0/v1) batches, which are shorter than a v2 header
        if (end - at > SegmentFormat.MAGIC_POSITION
                && bytes.get(at + SegmentFormat.MAGIC_POSITION) != SegmentFormat.MAGIC_V2) {
            throw new IllegalArgumentException("Only record batch v2 is stored, got magic "
                    + bytes.get(at + SegmentFormat.MAGIC_POSITION));
        }
        if (end - at < SegmentFormat.HEADER_BYTES) {
            throw new IllegalArgumentException("Truncated record batch header at byte " + at + " of an append to "
                    + this + ": " + (end - at) + " bytes left");
        }
        int size = SegmentFormat.batchSize(bytes, at);
        if (size < SegmentFormat.HEADER_BYTES || size > end - at) {
            throw new IllegalArgumentException("Record batch at byte " + at + " of an append to " + this
                    + " claims " + size + " bytes; " + (end - at) + " left");
        }
        return size;
    }

    /** LogAppendTime: the batch's max timestamp becomes the append time (Kafka's code sets it and the CRC). */
    private static void stampAppendTime(ByteBuffer bytes, int at, int size, long nowMs) {
        ByteBuffer batch = bytes.duplicate().position(at).limit(at + size).slice();
        for (MutableRecordBatch b : MemoryRecords.readableRecords(batch).batches()) {
            b.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
        }
    }

    /** Seals the active segment and starts a new one at {@code baseOffset}. Holding the lock. */
    private LogSegment roll(long baseOffset, LogConfig cfg) throws IOException {
        LogSegment old = segments[segments.length - 1];
        old.seal();
        LogSegment next = LogSegment.create(dir, baseOffset, cfg, logDir.handles());
        LogSegment[] updated = Arrays.copyOf(segments, segments.length + 1);
        updated[updated.length - 1] = next;
        segments = updated;
        segmentEntriesDirty = true;
        // like a rolled file in any log: make the sealed segment durable soon, which moves the recovery point
        logDir.flusher().request(this);
        LOG.debug("Rolled {} at offset {}", this, baseOffset);
        return next;
    }

    /**
     * Whole batches from the batch containing {@code fetchOffset}: up to {@code maxBytes} (but at least one batch
     * when {@code minOneBatch}), never a batch reaching {@code maxOffsetExclusive} (the high watermark), and
     * never across a segment boundary. The caller must {@link LogSlice#release()} the result.
     *
     * @throws OffsetOutOfRangeException when fetchOffset is outside [logStartOffset, logEndOffset]
     */
    public LogSlice read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        for (int attempt = 1; ; attempt++) {
            logDir.throwIfOffline();
            long start = logStartOffset;
            long end = logEndOffset;
            LogSegment[] segs = segments;
            if (fetchOffset < start || fetchOffset > end) {
                throw new OffsetOutOfRangeException(toString(), fetchOffset, start, end);
            }
            if (fetchOffset == end || fetchOffset >= maxOffsetExclusive) {
                return LogSlice.empty();
            }
            try {
                return readFrom(segs, fetchOffset, maxBytes, maxOffsetExclusive, minOneBatch);
            } catch (IOException | UncheckedIOException e) {
                IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                // the segment left the log (retention, compaction swap) after we looked: look again
                if (!(cause instanceof NoSuchFileException) || attempt >= READ_ATTEMPTS_MAX) {
                    throw logDir.fail("read of " + this + " at " + fetchOffset, cause);
                }
            }
        }
    }

    private LogSlice readFrom(LogSegment[] segs, long fetchOffset, int maxBytes, long maxOffsetExclusive,
                              boolean minOneBatch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
        for (int i = floorSegment(segs, fetchOffset); i < segs.length; i++) {
            LogSegment segment = segs[i];
            int committed = segment.sizeBytes();
            SegmentFile file = segment.log();
            FileChannel ch = file.acquire();
            boolean handedOver = false;
            try {
                int startPosition = segment.findPosition(ch, fetchOffset, committed);
                if (startPosition < 0) {
                    continue; // no batch at or after fetchOffset here (compaction gap): next segment
                }
                int position = startPosition;
                long firstBatch = -1;
                long next = -1;
                // jump over whole batches with the offset index instead of reading each header: an entry is the
                // start of a batch, and every batch before it ends below the entry's offset
                long positionMax = Math.min((long) startPosition + maxBytes, committed);
                long[] entry = segment.indexEntryWithin((int) positionMax, maxOffsetExclusive);
                if (entry != null && entry[1] > startPosition) {
                    LogSegment.readHeader(ch, startPosition, header, committed);
                    firstBatch = SegmentFormat.baseOffset(header);
                    next = entry[0];
                    position = (int) entry[1];
                }
                while (LogSegment.readHeader(ch, position, header, committed)) {
                    int size = SegmentFormat.batchSize(header);
                    long last = SegmentFormat.lastOffset(header);
                    if (last >= maxOffsetExclusive) {
                        break;
                    }
                    int taken = position - startPosition;
                    if ((long) taken + size > maxBytes && !(taken == 0 && minOneBatch)) {
                        break;
                    }
                    if (firstBatch < 0) {
                        firstBatch = SegmentFormat.baseOffset(header);
                    }
                    next = last + 1;
                    position += size;
                }
                if (position == startPosition) {
                    return LogSlice.empty();
                }
                handedOver = true;
                return new LogSlice(logDir, file, ch, startPosition, position - startPosition, firstBatch, next);
            } finally {
                if (!handedOver) {
                    file.release();
                }
            }
        }
        return LogSlice.empty();
    }

    private static int floorSegment(LogSegment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segs[mid].baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    /** Every offset below this is fsynced. */
    public long flushedOffset() {
        return flushedOffset;
    }

    /**
     * Completes (on the flusher thread) once every byte below {@code offsetExclusive} is fsynced; fails with
     * {@link StorageException} when the directory goes offline first, {@link LogClosedException} on
     * delete/close. One fsync serves every waiter that queued while the previous one ran.
     */
    public CompletableFuture<Void> awaitDurable(long offsetExclusive) {
        if (flushedOffset >= offsetExclusive) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<StorageException> offline = logDir.offlineCause();
        if (offline.isPresent()) {
            return CompletableFuture.failedFuture(offline.get());
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (waiters) {
            if (flushedOffset >= offsetExclusive) {
                return CompletableFuture.completedFuture(null);
            }
            if (closed) {
                return CompletableFuture.failedFuture(new LogClosedException(this + " is closed"));
            }
            waiters.add(new Waiter(offsetExclusive, future));
            if (offsetExclusive > durableWantedOffset) {
                durableWantedOffset = offsetExclusive;
            }
        }
        logDir.flusher().request(this);
        return future;
    }

    /** Dedupes flusher requests: true when the caller should queue this log. */
    boolean markFlushRequested() {
        return flushRequested.compareAndSet(false, true);
    }

    /** True when the flush.ms policy wants an fsync now. */
    boolean isFlushDue(long nowMs) {
        LogConfig cfg = config;
        return !closed && cfg.flushMs() != Long.MAX_VALUE && logEndOffset > flushedOffset
                && nowMs - lastFlushMs >= cfg.flushMs();
    }

    /** Flusher thread: fsync everything written so far and complete the waiters it covers. Never throws. */
    void flushFromFlusher() {
        flushRequested.set(false);
        try {
            flush();
        } catch (StorageException | LogClosedException e) {
            failWaiters(e);
        }
    }

    /** fsyncs every segment with unflushed bytes; the flushed offset becomes the log end offset seen before. */
    void flush() {
        long end = logEndOffset;
        LogSegment[] segs = segments;
        if (end > flushedOffset) {
            logDir.throwIfOffline();
            try {
                epochs.flushIfDirty();
                if (segmentEntriesDirty) {
                    segmentEntriesDirty = false;
                    LogDirFormat.fsyncDirectory(dir);
                }
                logDir.fsyncIfEntriesDirty();
            } catch (NoSuchFileException e) {
                if (closed) {
                    // the partition was deleted (its directory renamed) while this flush ran: nothing to keep
                    LOG.debug("{} was deleted before its flush", this);
                    return;
                }
                throw logDir.fail("fsync of " + this + " metadata", e);
            } catch (IOException e) {
                throw logDir.fail("fsync of " + this + " metadata", e);
            }
            for (LogSegment segment : segs) {
                if (segment.flushedSizeBytes() < segment.sizeBytes()) {
                    try {
                        segment.flush();
                    } catch (NoSuchFileException e) {
                        // left the log meanwhile (retention/compaction): nothing of it needs durability
                        LOG.debug("Segment {} left {} before its flush", segment.baseOffset(), this);
                    } catch (IOException e) {
                        throw logDir.fail("fsync of " + this, e);
                    }
                }
            }
            synchronized (waiters) {
                if (end > flushedOffset) {
                    flushedOffset = end;
                }
            }
        }
        lastFlushMs = logDir.time().nowMs();
        completeWaiters();
    }

    private void completeWaiters() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (waiters) {
            while (!waiters.isEmpty() && waiters.peek().offset() <= flushedOffset) {
                done.add(waiters.poll().future());
            }
        }
        for (CompletableFuture<Void> f : done) {
            f.complete(null);
        }
    }

    private void failWaiters(RuntimeException cause) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        synchronized (waiters) {
            while (!waiters.isEmpty()) {
                failed.add(waiters.poll().future());
            }
        }
        for (CompletableFuture<Void> f : failed) {
            f.completeExceptionally(cause);
        }
    }

    /** The first offset whose record timestamp is {@code >= timestampMs}, with that timestamp. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
        logDir.throwIfOffline();
        long start = logStartOffset;
        LogSegment[] segs = segments;
        for (LogSegment segment : segs) {
            if (segment.maxTimestampMs() < timestampMs || segment.nextOffset() <= start) {
                continue;
            }
            SegmentFile file = segment.log();
            try {
                FileChannel ch = file.acquire();
                try {
                    int committed = segment.sizeBytes();
                    long[] found = segment.findTimestamp(ch, timestampMs, committed);
                    while (found != null) {
                        Optional<TimestampOffset> hit = firstRecordAtOrAfter(ch, (int) found[1], timestampMs, start);
                        if (hit.isPresent()) {
                            return hit;
                        }
                        // every record of that batch lies below the log start offset: look further
                        ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
                        LogSegment.readHeader(ch, (int) found[1], header, committed);
                        int nextPosition = (int) found[1] + SegmentFormat.batchSize(header);
                        found = null;
                        while (LogSegment.readHeader(ch, nextPosition, header, committed)) {
                            if (SegmentFormat.maxTimestamp(header) >= timestampMs) {
                                found = new long[] {SegmentFormat.baseOffset(header), nextPosition};
                                break;
                            }
                            nextPosition += SegmentFormat.batchSize(header);
                        }
                    }
                } finally {
                    file.release();
                }
            } catch (IOException | UncheckedIOException e) {
                IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                if (cause instanceof NoSuchFileException) {
                    return offsetForTimestamp(timestampMs); // segment left the log meanwhile: look again
                }
                throw logDir.fail("timestamp lookup in " + this, cause);
            }
        }
        return Optional.empty();
    }

    private static Optional<TimestampOffset> firstRecordAtOrAfter(FileChannel ch, int position, long timestampMs,
                                                                  long minOffset) throws IOException {
        for (Record record : readBatch(ch, position)) {
            if (record.timestamp() >= timestampMs && record.offset() >= minOffset) {
                return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
            }
        }
        return Optional.empty();
    }

    private static RecordBatch readBatch(FileChannel ch, int position) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SegmentFormat.LOG_OVERHEAD);
        LogSegment.readFully(ch, position, header);
        int size = SegmentFormat.LOG_OVERHEAD + header.getInt(SegmentFormat.LENGTH_POSITION);
        ByteBuffer batch = ByteBuffer.allocate(size);
        LogSegment.readFully(ch, position, batch);
        batch.flip();
        return MemoryRecords.readableRecords(batch).batches().iterator().next();
    }

    /** The largest timestamp in the log and the first offset carrying it; (-1, -1) when the log is empty. */
    public TimestampOffset maxTimestamp() {
        logDir.throwIfOffline();
        LogSegment best = null;
        for (LogSegment segment : segments) {
            if (segment.maxTimestampBatchOffset() >= 0 && segment.nextOffset() > logStartOffset
                    && (best == null || segment.maxTimestampMs() > best.maxTimestampMs())) {
                best = segment;
            }
        }
        if (best == null) {
            return new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1);
        }
        long maxTs = best.maxTimestampMs();
        SegmentFile file = best.log();
        try {
            FileChannel ch = file.acquire();
            try {
                int position = best.findPosition(ch, best.maxTimestampBatchOffset(), best.sizeBytes());
                if (position >= 0) {
                    for (Record record : readBatch(ch, position)) {
                        if (record.timestamp() == maxTs) {
                            return new TimestampOffset(maxTs, record.offset());
                        }
                    }
                }
                return new TimestampOffset(maxTs, best.maxTimestampBatchOffset());
            } finally {
                file.release();
            }
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            if (cause instanceof NoSuchFileException) {
                return maxTimestamp(); // segment left the log meanwhile: look again
            }
            throw logDir.fail("max timestamp lookup in " + this, cause);
        }
    }

    /**
     * DeleteRecords: advances the log start offset to {@code offset} (persisted) and deletes the segments that lie
     * entirely below it. Returns the new log start offset.
     */
    public long deleteRecordsBefore(long offset) {
        logDir.throwIfOffline();
        retireLock.lock();
        try {
            LogSegment[] removed;
            lock.lock();
            try {
                throwIfClosed();
                if (offset > logEndOffset || offset < 0) {
                    throw new OffsetOutOfRangeException(toString(), offset, logStartOffset, logEndOffset);
                }
                if (offset <= logStartOffset) {
                    return logStartOffset;
                }
                LogSegment[] segs = segments;
                int deletable = 0;
                while (deletable < segs.length - 1 && segs[deletable + 1].baseOffset() <= offset) {
                    deletable++;
                }
                advanceLogStart(offset);
                removed = detachOldestSegments(deletable);
            } finally {
                lock.unlock();
            }
            retireSegments(removed, "DeleteRecords before " + offset);
            return logStartOffset;
        } catch (IOException e) {
            throw logDir.fail("DeleteRecords on " + this, e);
        } finally {
            retireLock.unlock();
        }
    }

    /**
     * Applies retention.ms and retention.bytes (cleanup.policy contains delete): deletes the oldest whole
     * segments, never the active one. Returns how many segments were deleted.
     *
     * <p>Only the in-memory part (the segment list, the log start offset) holds the append lock; persisting the
     * new log start offset (two fsyncs) and renaming the files run after it, under {@code retireLock} only, so
     * appends never wait for them. A crash in between loses nothing: recovery either finds the segments (the log
     * starts at the oldest one again and retention runs again) or their {@code .deleted} names (it finishes the
     * delete). Retention always moves the start to a remaining segment's base offset, which recovery derives
     * from the files alone.
     */
    public int enforceRetention(long nowMs) {
        logDir.throwIfOffline();
        retireLock.lock();
        try {
            LogSegment[] removed;
            String reason;
            lock.lock();
            try {
                if (closed) {
                    return 0;
                }
                LogConfig cfg = config;
                if (!configured || !cfg.cleanupPolicyDelete()) {
                    return 0;
                }
                LogSegment[] segs = segments;
                int byTime = 0;
                if (cfg.retentionMs() >= 0) {
                    while (byTime < segs.length - 1 && nowMs - segs[byTime].maxTimestampMs() > cfg.retentionMs()) {
                        byTime++;
                    }
                }
                int bySize = 0;
                if (cfg.retentionBytes() >= 0) {
                    long excess = sizeBytes() - cfg.retentionBytes();
                    while (bySize < segs.length - 1 && excess - segs[bySize].sizeBytes() >= 0) {
                        excess -= segs[bySize].sizeBytes();
                        bySize++;
                    }
                }
                int deletable = Math.max(byTime, bySize);
                if (deletable == 0) {
                    return 0;
                }
                reason = byTime >= bySize ? "retention.ms" : "retention.bytes";
                long newStart = segs[deletable].baseOffset();
                if (newStart > logStartOffset) {
                    logStartOffset = newStart;
                    epochs.truncateFromStart(newStart);
                }
                removed = detachOldestSegments(deletable);
            } finally {
                lock.unlock();
            }
            persistLogStartOffset();
            retireSegments(removed, reason);
            return removed.length;
        } catch (IOException e) {
            throw logDir.fail("retention of " + this, e);
        } finally {
            retireLock.unlock();
        }
    }

    /** Advances the log start offset, durably before it is visible (DeleteRecords promises it). Both locks held. */
    private void advanceLogStart(long offset) throws IOException {
        if (offset > logStartOffset) {
            writeLogStartOffset(offset);
            logStartOffset = offset;
            epochs.truncateFromStart(offset);
        }
    }

    /** Makes the in-memory log start offset durable unless it already is. Holding {@code retireLock}. */
    private void persistLogStartOffset() throws IOException {
        long start = logStartOffset;
        if (start > persistedLogStartOffset) {
            writeLogStartOffset(start);
        }
    }

    private void writeLogStartOffset(long offset) throws IOException {
        LogDirFormat.writeSingleOffset(dir.resolve(LogDirFormat.LOG_START_OFFSET_FILE), offset);
        persistedLogStartOffset = offset;
    }

    /** Takes the first {@code count} segments out of the log (readers stop finding them). Holding the lock. */
    private LogSegment[] detachOldestSegments(int count) {
        LogSegment[] segs = segments;
        LogSegment[] removed = Arrays.copyOfRange(segs, 0, count);
        segments = Arrays.copyOfRange(segs, count, segs.length);
        return removed;
    }

    /**
     * Detached segments leave the disk: renamed now (readers in flight keep their open handles), deleted after
     * file.delete.delay.ms. Holding {@code retireLock}; the append lock is not needed.
     */
    private void retireSegments(LogSegment[] removed, String reason) throws IOException {
        for (LogSegment segment : removed) {
            segment.renameToDeleted();
            LOG.info("Deleting segment {} of {} ({} bytes) by {}", segment.baseOffset(), this, segment.sizeBytes(),
                    reason);
            logDir.schedule("deleting segment " + segment.baseOffset() + " of " + this, config.fileDeleteDelayMs(),
                    segment::closeAndDeleteFiles);
        }
    }

    /** Leader epoch cache: where did {@code leaderEpoch} end? Empty when unknown. */
    public OptionalLong endOffsetForEpoch(int leaderEpoch) {
        Optional<EpochEndOffset> e = epochEndOffset(leaderEpoch);
        return e.isPresent() ? OptionalLong.of(e.get().endOffset()) : OptionalLong.empty();
    }

    /** Like {@link #endOffsetForEpoch} with the epoch OffsetForLeaderEpoch reports next to the offset. */
    public Optional<EpochEndOffset> epochEndOffset(int leaderEpoch) {
        return epochs.endOffsetFor(leaderEpoch, logEndOffset);
    }

    /** The latest leader epoch appended with, if any. */
    public OptionalLong latestEpoch() {
        return epochs.latestEpoch();
    }

    /** Live topic config change: applies to the next append, roll, flush check, retention and cleaning pass. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
        this.configured = true;
    }

    /** Whether the broker supplied this log's topic config since it was loaded (see {@code configured}). */
    boolean isConfigured() {
        return configured;
    }

    public LogConfig config() {
        return config;
    }

    /** Bytes of all segments. */
    public long sizeBytes() {
        long total = 0;
        for (LogSegment segment : segments) {
            total += segment.sizeBytes();
        }
        return total;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public Path dir() {
        return dir;
    }

    int segmentCount() {
        return segments.length;
    }

    LogSegment[] segments() {
        return segments;
    }

    ReentrantLock lock() {
        return lock;
    }

    LogDirectory logDirectory() {
        return logDir;
    }

    long cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    void updateCleanerCheckpoint(long offset) throws IOException {
        LogDirFormat.writeSingleOffset(dir.resolve(LogDirFormat.CLEANER_OFFSET_FILE), offset);
        cleanerCheckpoint = offset;
    }

    long tombstoneHorizonMs() {
        return tombstoneHorizonMs;
    }

    void updateTombstoneHorizon(long horizonMs) {
        tombstoneHorizonMs = horizonMs;
    }

    /** Replaces one sealed segment by its compacted copy (cleaner), holding the lock. False if it is gone. */
    boolean replaceSegment(LogSegment old, LogSegment replacement) {
        LogSegment[] segs = segments;
        for (int i = 0; i < segs.length - 1; i++) {
            if (segs[i] == old) {
                LogSegment[] updated = segs.clone();
                updated[i] = replacement;
                segments = updated;
                return true;
            }
        }
        return false;
    }

    /** Flushes and closes (clean shutdown of this log). Waits for a retention or DeleteRecords in progress. */
    void close() {
        retireLock.lock();
        try {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (!logDir.isOffline()) {
                    flush();
                }
                closed = true;
                for (LogSegment segment : segments) {
                    segment.close();
                }
            } catch (IOException e) {
                throw logDir.fail("close of " + this, e);
            } finally {
                lock.unlock();
                failWaiters(new LogClosedException(this + " is closed"));
            }
        } finally {
            retireLock.unlock();
        }
    }

    /**
     * Closes without flushing and hands the directory back for deletion; waits for a retention or DeleteRecords in
     * progress, so no rename runs in a directory being deleted.
     */
    void closeForDelete() {
        retireLock.lock();
        try {
            lock.lock();
            try {
                closed = true;
                for (LogSegment segment : segments) {
                    segment.closeForDelete();
                }
            } catch (IOException e) {
                throw logDir.fail("close of deleted " + this, e);
            } finally {
                lock.unlock();
                failWaiters(new LogClosedException(this + " was deleted"));
            }
        } finally {
            retireLock.unlock();
        }
    }

    private void throwIfClosed() {
        if (closed) {
            throw new LogClosedException(this + " is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
