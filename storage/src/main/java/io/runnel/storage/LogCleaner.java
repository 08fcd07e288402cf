package io.runnel.storage;

import io.runnel.common.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background compaction of {@code cleanup.policy=compact} (and {@code compact,delete}) logs.
 *
 * <p>One pass: pick the log with the highest dirty ratio (dirty bytes / all bytes of its non-active segments
 * old enough for {@code min.compaction.lag.ms}) at or above {@code min.cleanable.dirty.ratio}, or any log whose
 * oldest dirty segment is older than {@code max.compaction.lag.ms}. Map key -> latest offset over the dirty
 * segments into the bounded {@link OffsetMap} (stopping at a segment boundary when full). Then rewrite every
 * segment from the log start up to the mapped end: a record survives when no later offset exists for its key
 * (tombstones: also until {@code delete.retention.ms} after the first cleaning that saw them, via the batch's
 * delete horizon). Offsets are kept, so gaps appear; compressed batches are decompressed and rewritten with the
 * same codec (kafka-clients' {@code MemoryRecords.filterTo}). A segment whose bytes would not change is left alone.
 *
 * <p>Swap of one segment, crash-safe at every step (recovery in {@code PartitionLog.finishInterruptedOperations}):
 * <pre>
 *   write X.log.cleaned, fsync        crash: .cleaned deleted on open, X.log intact
 *   rename -> X.log.swap              commit point: on open a .swap replaces X.log
 *   [log lock] X.log -> X.log.deleted crash: .deleted removed, .swap becomes X.log
 *   [log lock] X.log.swap -> X.log, indexes rebuilt, segment replaced in the list (readers see old or new, whole)
 *   X.log.deleted removed after file.delete.delay.ms (readers holding the old file finish on it)
 * </pre>
 *
 * <p>Thread: owns its thread ("runnel-log-cleaner"); {@link #cleanOnce()} may also be called by tests/tools and
 * is serialized with it by {@code this}. The log's append lock is held only for the swap.
 */
final class LogCleaner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    private static final int DECOMPRESSION_CHUNK_BYTES = 16 * 1024;

    private final Time time;
    private final Supplier<Collection<PartitionLog>> logs;
    private final long dedupeBufferBytes;
    private final int ioBufferBytes;
    private final long backoffMs;
    private final Thread thread;
    private final Object wakeup = new Object();
    private volatile boolean running;
    private OffsetMap map;
    /**
     * Logs whose first dirty segment has more keys than the map holds, with that segment's base offset: skipped
     * (so they neither starve other logs nor repeat the warning) until their dirty range starts elsewhere.
     */
    private final java.util.Map<PartitionLog, Long> tooManyKeys = new java.util.WeakHashMap<>();

    LogCleaner(StorageConfig config, Time time, Supplier<Collection<PartitionLog>> logs) {
        this.time = time;
        this.logs = logs;
        this.dedupeBufferBytes = config.get(StorageConfig.CLEANER_DEDUPE_BUFFER_BYTES);
        this.ioBufferBytes = config.get(StorageConfig.CLEANER_IO_BUFFER_BYTES);
        this.backoffMs = config.get(StorageConfig.CLEANER_BACKOFF_MS);
        this.thread = new Thread(this, "runnel-log-cleaner");
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Stops after the current pass (never interrupts: that would close FileChannels mid-read). */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            boolean cleaned;
            try {
                cleaned = cleanOnce();
            } catch (StorageException e) {
                cleaned = false; // the directory went offline; logged at the transition
            }
            if (!cleaned) {
                synchronized (wakeup) {
                    if (running) {
                        try {
                            wakeup.wait(backoffMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /** What a log offers for cleaning right now. */
    private record Candidate(PartitionLog log, LogSegment[] segments, int firstDirty, int end, double ratio) {
    }

    /** One pass over the dirtiest eligible log; true when something was cleaned. */
    synchronized boolean cleanOnce() {
        long nowMs = time.nowMs();
        Candidate best = null;
        for (PartitionLog log : logs.get()) {
            Candidate c = candidate(log, nowMs);
            if (c != null && c.firstDirty < c.end
                    && Long.valueOf(c.segments[c.firstDirty].baseOffset()).equals(tooManyKeys.get(log))) {
                continue;
            }
            if (c != null && (best == null || c.ratio > best.ratio)) {
                best = c;
            }
        }
        if (best == null) {
            return false;
        }
        try {
            return clean(best, nowMs);
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            if (cause instanceof NoSuchFileException) {
                // retention or DeleteRecords removed a segment under this pass: the next pass starts afresh
                LOG.debug("Compaction pass of {} abandoned: {}", best.log, cause.getMessage());
                return false;
            }
            throw best.log.logDirectory().fail("compaction of " + best.log, cause);
        }
    }

    private static Candidate candidate(PartitionLog log, long nowMs) {
        LogConfig cfg = log.config();
        if (!log.isConfigured() || !cfg.cleanupPolicyCompact() || log.isClosed()
                || log.logDirectory().isOffline()) {
            return null;
        }
        LogSegment[] segs = log.segments();
        int end = segs.length - 1; // never the active segment
        for (int i = 0; i < segs.length - 1; i++) {
            if (nowMs - segs[i].maxTimestampMs() < cfg.minCompactionLagMs()) {
                end = i;
                break;
            }
        }
        long checkpoint = log.cleanerCheckpoint();
        int firstDirty = 0;
        while (firstDirty < end && segs[firstDirty + 1].baseOffset() <= checkpoint) {
            firstDirty++;
        }
        long clean = 0;
        long dirty = 0;
        for (int i = 0; i < end; i++) {
            if (i < firstDirty) {
                clean += segs[i].sizeBytes();
            } else {
                dirty += segs[i].sizeBytes();
            }
        }
        double ratio = clean + dirty == 0 ? 0 : (double) dirty / (clean + dirty);
        boolean overdue = dirty > 0 && nowMs - segs[firstDirty].maxTimestampMs() > cfg.maxCompactionLagMs();
        // tombstones kept by an earlier pass may be due for removal even without new dirty data
        boolean horizonDue = end > 0 && nowMs >= log.tombstoneHorizonMs();
        boolean ratioDue = dirty > 0 && ratio >= cfg.minCleanableDirtyRatio();
        if (!ratioDue && !overdue && !horizonDue) {
            return null;
        }
        return new Candidate(log, segs, firstDirty, end, overdue ? Double.MAX_VALUE : ratio);
    }

    private boolean clean(Candidate c, long nowMs) throws IOException {
        if (map == null) {
            map = new OffsetMap(dedupeBufferBytes);
        }
        map.clear();
        int mappedEnd = c.firstDirty;
        for (int i = c.firstDirty; i < c.end; i++) {
            if (!mapSegment(c.segments[i])) {
                break;
            }
            mappedEnd = i + 1;
        }
        if (mappedEnd == c.firstDirty && c.firstDirty < c.end) {
            tooManyKeys.put(c.log, c.segments[c.firstDirty].baseOffset());
            LOG.warn("Cannot compact {}: segment {} has more distinct keys than log.cleaner.dedupe.buffer.size "
                    + "holds ({} entries); skipping this log until that changes", c.log, c.segments[c.firstDirty].baseOffset(), map.entriesMax());
            return false;
        }
        // the map may also hold keys of the segment where it filled up: they only supersede older records with
        // records that stay in the log, so cleaning with them is safe
        LogConfig cfg = c.log.config();
        CompactionFilter filter = new CompactionFilter(map, nowMs, cfg.deleteRetentionMs());
        long bytesBefore = 0;
        long bytesAfter = 0;
        for (int i = 0; i < mappedEnd; i++) {
            LogSegment segment = c.segments[i];
            bytesBefore += segment.sizeBytes();
            bytesAfter += cleanSegment(c.log, segment, filter);
        }
        c.log.updateCleanerCheckpoint(c.segments[mappedEnd].baseOffset());
        c.log.updateTombstoneHorizon(filter.earliestRetainedHorizonMs);
        LOG.info("Compacted {} up to offset {}: {} -> {} bytes, {} keys mapped", c.log,
                c.segments[mappedEnd].baseOffset(), bytesBefore, bytesAfter, map.size());
        return true;
    }

    /** Adds every keyed record of the segment to the map; false when the map filled up first. */
    private boolean mapSegment(LogSegment segment) throws IOException {
        boolean[] complete = {true};
        forEachChunk(segment, records -> {
            int consumed = 0;
            for (MutableRecordBatch batch : records.batches()) {
                consumed += batch.sizeInBytes();
                if (batch.isControlBatch()) {
                    continue;
                }
                for (Record record : batch) {
                    if (record.hasKey()) {
                        if (map.isFull()) {
                            complete[0] = false;
                            return STOP;
                        }
                        map.put(record.key(), record.offset());
                    }
                }
            }
            return consumed;
        });
        return complete[0];
    }

    /** Rewrites one segment through the filter and swaps it in; returns its size afterwards. */
    private long cleanSegment(PartitionLog log, LogSegment segment, CompactionFilter filter) throws IOException {
        Path dir = log.dir();
        long base = segment.baseOffset();
        Path logFile = SegmentFormat.logFile(dir, base);
        Path cleaned = logFile.resolveSibling(logFile.getFileName() + SegmentFormat.CLEANED_SUFFIX);
        Path swap = logFile.resolveSibling(logFile.getFileName() + SegmentFormat.SWAP_SUFFIX);
        boolean[] changed = {false};
        long[] written = {0};
        try (FileChannel out = FileChannel.open(cleaned, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer[] outBuffer = {ByteBuffer.allocate(ioBufferBytes)};
            forEachChunk(segment, records -> {
                outBuffer[0].clear();
                MemoryRecords.FilterResult result = records.filterTo(filter, outBuffer[0], BufferSupplier.NO_CACHING,
                        DECOMPRESSION_CHUNK_BYTES);
                ByteBuffer kept = result.outputBuffer();
                outBuffer[0] = kept; // filterTo may have grown it
                kept.flip();
                ByteBuffer input = records.buffer();
                input.limit(input.position() + result.bytesRead());
                if (!kept.equals(input)) {
                    changed[0] = true;
                }
                while (kept.hasRemaining()) {
                    written[0] += out.write(kept);
                }
                return result.bytesRead();
            });
            out.force(true);
        }
        if (!changed[0]) {
            Files.delete(cleaned);
            return segment.sizeBytes();
        }
        Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE);
        LogDirFormat.fsyncDirectory(dir);
        log.lock().lock();
        try {
            if (log.isClosed() || !isStillInLog(log, segment)) {
                Files.delete(swap); // retention or DeleteRecords removed it meanwhile
                return 0;
            }
            segment.renameToDeleted();
            Files.move(swap, logFile, StandardCopyOption.ATOMIC_MOVE);
            LogSegment replacement = LogSegment.open(dir, base, false, true, 0, log.config(),
                    log.logDirectory().handles());
            log.replaceSegment(segment, replacement);
            log.logDirectory().schedule("deleting compacted segment " + base + " of " + log,
                    log.config().fileDeleteDelayMs(), segment::closeAndDeleteFiles);
        } finally {
            log.lock().unlock();
        }
        return written[0];
    }

    private static boolean isStillInLog(PartitionLog log, LogSegment segment) {
        for (LogSegment s : log.segments()) {
            if (s == segment) {
                return true;
            }
        }
        return false;
    }

    private static final int STOP = -1;

    /**
     * Consumes complete batches; returns how many bytes of the chunk it consumed (0: chunk too small for the
     * next batch, {@link #STOP}: done with this segment).
     */
    private interface ChunkConsumer {
        int accept(MemoryRecords records) throws IOException;
    }

    /** Feeds the segment's batches in chunks of whole batches, growing the buffer for a batch larger than it. */
    private void forEachChunk(LogSegment segment, ChunkConsumer consumer) throws IOException {
        int size = segment.sizeBytes();
        SegmentFile file = segment.log();
        FileChannel ch = file.acquire();
        try {
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(ioBufferBytes, Math.max(size, 1)));
            int position = 0;
            while (position < size) {
                buffer.clear();
                buffer.limit(Math.min(buffer.capacity(), size - position));
                LogSegment.readFully(ch, position, buffer);
                buffer.flip();
                int consumed = consumer.accept(MemoryRecords.readableRecords(buffer.duplicate()));
                if (consumed == STOP) {
                    return;
                }
                if (consumed == 0) {
                    int batchSize = SegmentFormat.batchSize(buffer);
                    if (batchSize <= buffer.capacity()) {
                        throw new IOException("Cannot parse batch at " + position + " of " + file.path());
                    }
                    buffer = ByteBuffer.allocate(batchSize);
                    continue;
                }
                position += consumed;
            }
        } finally {
            file.release();
        }
    }

    /** Keeps the latest record per key, and tombstones until their delete horizon. */
    private static final class CompactionFilter extends MemoryRecords.RecordFilter {
        private final OffsetMap map;
        /** When the next pass could drop a tombstone this pass kept. */
        long earliestRetainedHorizonMs = Long.MAX_VALUE;

        CompactionFilter(OffsetMap map, long nowMs, long deleteRetentionMs) {
            super(nowMs, deleteRetentionMs);
            this.map = map;
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            return new BatchRetentionResult(BatchRetention.DELETE_EMPTY, false);
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (!record.hasKey() || batch.isControlBatch()) {
                return true;
            }
            long latest = map.get(record.key());
            if (latest > record.offset()) {
                return false;
            }
            if (!record.hasValue()) {
                OptionalLong horizon = batch.deleteHorizonMs();
                // without a horizon, filterTo stamps now + delete.retention.ms into the rewritten batch
                long horizonMs = horizon.isPresent() ? horizon.getAsLong() : currentTime + deleteRetentionMs;
                boolean keep = horizon.isEmpty() || currentTime < horizonMs;
                if (keep) {
                    earliestRetainedHorizonMs = Math.min(earliestRetainedHorizonMs, horizonMs);
                }
                return keep;
            }
            return true;
        }
    }
}
