package io.runnel.broker.partition;

import io.runnel.broker.partition.ProduceValidator.Origin;
import io.runnel.broker.partition.ProducerStateManager.BatchMetadata;
import io.runnel.common.Time;
import io.runnel.storage.AppendResult;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogSlice;
import io.runnel.storage.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader state of one partition over its storage {@link PartitionLog}: validated, de-duplicated appends,
 * reads up to the high watermark, the leader epoch, idempotent-producer state.
 *
 * <p>Append path: validation (CRC, sizes, records; decompression for compressed batches) runs on the caller's
 * thread without any lock, so producers to one partition validate in parallel; then, under the partition's append
 * lock, the producer sequence check, the storage append and the producer-state update run as one step. The lock
 * is never held across a wait: acks=all durability is a future from storage's group commit, awaited outside.
 *
 * <p>Read path: no lock; reads are bounded by the high watermark, which on one node is the log end offset
 * published by storage after each append.
 *
 * <p>Threads: {@link #append} from request executor threads and coordinator threads (serialized by the append
 * lock); {@link #read} from any thread; {@link #updateConfig} from the metadata thread (volatile publication).
 */
public final class Partition {
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
    /** A producer-state snapshot every this many idempotent batches bounds replay after a crash. */
    static final int SNAPSHOT_INTERVAL_BATCHES = 20_000;
    /** Coordinator appends are checked with the rules of the newest produce version (magic 2, zstd allowed). */
    private static final short COORDINATOR_RECORDS_VERSION = 13;

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final Time time;
    private final Path producerSnapshotFile;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ProducerStateManager producers;
    private final Runnable onAppend;
    private volatile int leaderEpoch;
    private volatile Settings settings;
    private int batchesSinceSnapshot;
    private long lastSnapshotOffset = -1;
    /** Bytes appended since open: delayed fetches measure new data by it. Written under the append lock. */
    private volatile long appendedBytes;

    /** Topic settings the partition layer applies itself (storage applies the rest). Immutable. */
    record Settings(ValidationConfig validation, CompressionType recompressTo, boolean ackAllWaitsForFsync) {
    }

    Partition(TopicPartition topicPartition, Uuid topicId, int leaderEpoch, PartitionLog log, LogConfig config,
              boolean ackAllWaitsForFsync, Time time, Path producerSnapshotFile, Runnable onAppend) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.leaderEpoch = leaderEpoch;
        this.log = log;
        this.time = time;
        this.producerSnapshotFile = producerSnapshotFile;
        this.onAppend = onAppend;
        this.settings = settingsOf(config, ackAllWaitsForFsync);
        this.producers = loadProducerState();
    }

    static Settings settingsOf(LogConfig c, boolean ackAllWaitsForFsync) {
        ValidationConfig v = new ValidationConfig(c.cleanupPolicyCompact(), c.timestampType(),
                c.config().get(LogConfig.MAX_MESSAGE_BYTES), c.config().get(LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
                c.config().get(LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS));
        return new Settings(v, Recompressor.targetOf(c.config().get(LogConfig.COMPRESSION_TYPE)), ackAllWaitsForFsync);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public PartitionLog log() {
        return log;
    }

    /** On one node the high watermark is the log end offset: every appended batch is on the only replica. */
    public long highWatermark() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    /** True when acks=all waits for the fsync of the batch (runnel.acks.all.fsync, default true). */
    public boolean ackAllWaitsForFsync() {
        return settings.ackAllWaitsForFsync();
    }

    void updateConfig(LogConfig config, boolean ackAllWaitsForFsync) {
        log.updateConfig(config);
        settings = settingsOf(config, ackAllWaitsForFsync);
    }

    void updateLeaderEpoch(int epoch) {
        leaderEpoch = epoch;
    }

    /**
     * Checks the client's view of the leader epoch: an older one means the client missed a leadership change
     * (FENCED_LEADER_EPOCH), a newer one means this broker is behind (UNKNOWN_LEADER_EPOCH).
     */
    public void throwIfEpochMismatch(Optional<Integer> clientLeaderEpoch) {
        if (clientLeaderEpoch.isEmpty() || clientLeaderEpoch.get() == RecordBatch.NO_PARTITION_LEADER_EPOCH) {
            return;
        }
        int epoch = leaderEpoch;
        if (clientLeaderEpoch.get() < epoch) {
            throw new FencedLeaderEpochException("Leader epoch " + clientLeaderEpoch.get() + " of " + topicPartition
                    + " is older than the current " + epoch);
        }
        if (clientLeaderEpoch.get() > epoch) {
            throw new UnknownLeaderEpochException("Leader epoch " + clientLeaderEpoch.get() + " of "
                    + topicPartition + " is newer than the current " + epoch);
        }
    }

    /**
     * Validates and appends. A duplicate of one of the producer's last batches appends nothing and returns the
     * original offsets. Throws the typed exceptions of {@link ProduceValidator} and {@link ProducerStateManager},
     * or storage's exceptions.
     */
    public AppendInfo append(MemoryRecords records, short produceVersion, Origin origin) {
        Settings s = settings;
        long nowMs = time.nowMs();
        List<ValidatedBatch> batches = ProduceValidator.validate(records, produceVersion, origin, s.validation(), nowMs);
        MemoryRecords toStore = Recompressor.maybeRecompress(records, s.recompressTo());
        appendLock.lock();
        return appendLocked(batches, toStore, origin, nowMs, true);
    }

    /**
     * {@link #append} for a caller that must not wait, a network event loop (decision 0023): null, with nothing
     * appended, when the append could cost more than validating uncompressed bytes and one page-cache write,
     * namely when a batch is compressed (validation decompresses it), the topic recompresses, another thread
     * holds the append lock, a producer-state snapshot is due, or storage would roll the segment, reopen its file
     * or write the epoch checkpoint. The caller then appends the ordinary way. Invalid batches throw as in
     * {@link #append}.
     */
    public AppendInfo tryAppendWithoutWaiting(MemoryRecords records, short produceVersion) {
        Settings s = settings;
        if (s.recompressTo() != null) {
            return null;
        }
        if (!isUncompressed(records)) {
            return null;
        }
        long nowMs = time.nowMs();
        List<ValidatedBatch> batches = ProduceValidator.validate(records, produceVersion, Origin.CLIENT,
                s.validation(), nowMs);
        if (!appendLock.tryLock()) {
            return null;
        }
        if (batchesSinceSnapshot + batches.size() >= SNAPSHOT_INTERVAL_BATCHES) {
            appendLock.unlock();
            return null;
        }
        return appendLocked(batches, records, Origin.CLIENT, nowMs, false);
    }

    /**
     * True when every batch is uncompressed. False also when the headers do not even walk: the ordinary append's
     * validation judges malformed input and names its error.
     */
    private static boolean isUncompressed(MemoryRecords records) {
        try {
            for (RecordBatch batch : records.batches()) {
                if (batch.compressionType() != CompressionType.NONE) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Called holding the append lock, which it releases. With {@code mayWait} false, null where storage's is. */
    private AppendInfo appendLocked(List<ValidatedBatch> batches, MemoryRecords toStore, Origin origin, long nowMs,
                                    boolean mayWait) {
        AppendInfo info;
        try {
            ValidatedBatch idempotent = origin == Origin.CLIENT && batches.get(0).hasProducerId() ? batches.get(0) : null;
            if (idempotent != null) {
                BatchMetadata dup = producers.checkSequence(idempotent.producerId(), idempotent.producerEpoch(),
                        idempotent.baseSequence(), idempotent.lastSequence());
                if (dup != null) {
                    return new AppendInfo(dup.firstOffset(), dup.lastOffset(), -1, log.logStartOffset(), true);
                }
            }
            AppendResult r = mayWait ? log.append(toStore, leaderEpoch, nowMs)
                    : log.tryAppendWithoutWaiting(toStore, leaderEpoch, nowMs);
            if (r == null) {
                return null;
            }
            info = new AppendInfo(r.firstOffset(), r.lastOffset(), r.logAppendTimeMs(), r.logStartOffset(), false);
            appendedBytes += toStore.sizeInBytes();
            trackProducers(batches, r, nowMs);
        } finally {
            appendLock.unlock();
        }
        onAppend.run();
        return info;
    }

    /**
     * Appends records a coordinator built (group metadata, offsets) to its internal topic partition: same path as
     * produce (validation, offsets, wake-ups of fetches), several batches allowed. Callers release their responses
     * only after {@link #awaitDurable}{@code (info.lastOffset() + 1)} completes.
     */
    public AppendInfo appendAsCoordinator(MemoryRecords records) {
        return append(records, COORDINATOR_RECORDS_VERSION, Origin.COORDINATOR);
    }

    /** Caller holds the append lock. Offsets of each batch follow from the first offset and record counts. */
    private void trackProducers(List<ValidatedBatch> batches, AppendResult r, long nowMs) {
        long offset = r.firstOffset();
        for (ValidatedBatch b : batches) {
            long last = offset + b.recordCount() - 1;
            if (b.hasProducerId()) {
                producers.onAppended(b.producerId(), b.producerEpoch(), b.baseSequence(), b.lastSequence(), offset,
                        last, nowMs);
                if (++batchesSinceSnapshot >= SNAPSHOT_INTERVAL_BATCHES) {
                    writeProducerSnapshot();
                }
            }
            offset = last + 1;
        }
    }

    /** Bytes appended since the partition was opened (monotonic; for delayed fetch accounting). */
    public long appendedBytes() {
        return appendedBytes;
    }

    /** Forgets idempotent producers idle longer than {@code expirationMs} (producer.id.expiration.ms). */
    public int removeExpiredProducers(long expirationMs) {
        appendLock.lock();
        try {
            return producers.removeExpired(time.nowMs(), expirationMs);
        } finally {
            appendLock.unlock();
        }
    }

    /** Completes once everything below {@code offsetExclusive} is fsynced (storage's group commit). */
    public CompletableFuture<Void> awaitDurable(long offsetExclusive) {
        return log.awaitDurable(offsetExclusive);
    }

    /**
     * Whole batches from the one containing {@code fetchOffset}, at most {@code maxBytes} (at least one batch
     * when {@code minOneBatch}), never past the high watermark. The caller releases the slice.
     */
    public LogSlice read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, highWatermark(), minOneBatch);
    }

    /**
     * Writes the producer-state snapshot at the current log end offset, unless the last one is already there
     * (called on clean close and periodically, so that restarts replay only a short log tail).
     */
    public void writeProducerSnapshot() {
        appendLock.lock();
        try {
            long end = log.logEndOffset();
            if (end == lastSnapshotOffset) {
                return;
            }
            ProducerSnapshotFormat.write(producerSnapshotFile, end, producers);
            lastSnapshotOffset = end;
            batchesSinceSnapshot = 0;
        } catch (IOException e) {
            // Only costs a longer replay after a crash: the log itself is the truth.
            LOG.warn("Could not write producer snapshot {} of {}", producerSnapshotFile, topicPartition, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Loads the snapshot (when it is not ahead of the log: a crash may have cut the log below it) and replays the
     * log from the snapshot offset, or from the log start when there is no usable snapshot.
     */
    private ProducerStateManager loadProducerState() {
        ProducerStateManager state = new ProducerStateManager();
        long from = log.logStartOffset();
        try {
            Optional<ProducerSnapshotFormat.Snapshot> snap = ProducerSnapshotFormat.read(producerSnapshotFile);
            if (snap.isPresent() && snap.get().offset() <= log.logEndOffset()
                    && snap.get().offset() >= log.logStartOffset()) {
                state = snap.get().state();
                from = snap.get().offset();
                lastSnapshotOffset = from;
            }
        } catch (IOException e) {
            LOG.warn("Ignoring unusable producer snapshot {} of {}: {}", producerSnapshotFile, topicPartition,
                    e.getMessage());
        }
        long end = log.logEndOffset();
        long replayed = 0;
        while (from < end) {
            LogSlice slice = log.read(from, 1 << 20, end, true);
            try {
                if (slice.isEmpty()) {
                    break;
                }
                for (RecordBatch batch : slice.records().batches()) {
                    if (batch.lastOffset() >= from) {
                        state.replay(batch);
                        replayed++;
                    }
                }
                from = slice.nextOffset();
            } finally {
                slice.release();
            }
        }
        if (replayed > 0) {
            LOG.info("Rebuilt producer state of {} from {} batches of the log ({} producers)", topicPartition,
                    replayed, state.producerCount());
        }
        return state;
    }

    /** Snapshot of the producer state for tests and tools. Takes the append lock. */
    int producerCount() {
        appendLock.lock();
        try {
            return producers.producerCount();
        } finally {
            appendLock.unlock();
        }
    }

    void deleteProducerSnapshot() throws IOException {
        Files.deleteIfExists(producerSnapshotFile);
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", epoch " + leaderEpoch + ")";
    }
}
