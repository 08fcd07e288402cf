package io.runnel.broker.partition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Idempotent-producer state of one partition: for each producer id, its current epoch and the metadata of its last
 * {@value #RETAINED_BATCHES} batches (the most a producer keeps in flight), so a retried batch is recognised and
 * answered with its original offsets instead of being written twice.
 *
 * <p>Rules, checked in this order for a batch (producer id, epoch, first and last sequence):
 * <ol>
 *   <li>same epoch and the same sequence range as a retained batch: a duplicate, answered with that batch's
 *       offsets;</li>
 *   <li>unknown producer id (new, or its state expired or was removed with the log prefix): accepted whatever the
 *       sequence;</li>
 *   <li>older epoch than the known one: {@link InvalidProducerEpochException};</li>
 *   <li>newer epoch: the first sequence must be 0, else {@link OutOfOrderSequenceException};</li>
 *   <li>same epoch: the first sequence must directly follow the last one (wrapping past Integer.MAX_VALUE),
 *       else {@link OutOfOrderSequenceException}.</li>
 * </ol>
 * State changes only through {@link #onAppended} after the batch is in the log, or through {@link #replay} of the
 * log during recovery, so the state is always a function of the log (snapshots in {@link ProducerSnapshotFormat}
 * only shorten the replay).
 *
 * <p>Thread: owned by the partition's appending thread (the partition's append lock guards it).
 */
public final class ProducerStateManager {
    public static final int RETAINED_BATCHES = 5;

    private final Map<Long, ProducerEntry> producers = new HashMap<>();

    /** A retained batch: its sequence range, its offsets in the log and the time it was appended. */
    public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset,
                                long appendTimeMs) {
    }

    /** One producer's epoch and its last batches, oldest first. */
    public static final class ProducerEntry {
        private short epoch;
        private long lastAppendTimeMs;
        private final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(RETAINED_BATCHES);

        ProducerEntry(short epoch) {
            this.epoch = epoch;
        }

        public short epoch() {
            return epoch;
        }

        public long lastAppendTimeMs() {
            return lastAppendTimeMs;
        }

        public Collection<BatchMetadata> batches() {
            return Collections.unmodifiableCollection(batches);
        }

        int lastSequence() {
            return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.peekLast().lastSequence();
        }

        BatchMetadata find(int firstSequence, int lastSequence) {
            for (BatchMetadata b : batches) {
                if (b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                    return b;
                }
            }
            return null;
        }

        void add(short batchEpoch, BatchMetadata batch) {
            if (batchEpoch != epoch) {
                // A new epoch starts a new sequence space: older batches can no longer be retried.
                epoch = batchEpoch;
                batches.clear();
            }
            if (batches.size() == RETAINED_BATCHES) {
                batches.removeFirst();
            }
            batches.addLast(batch);
            lastAppendTimeMs = Math.max(lastAppendTimeMs, batch.appendTimeMs());
        }
    }

    /**
     * Checks an idempotent batch against the rules above. Returns the original batch when it is a duplicate,
     * null when it must be appended; throws when it must be refused.
     */
    public BatchMetadata checkSequence(long producerId, short epoch, int firstSequence, int lastSequence) {
        ProducerEntry entry = producers.get(producerId);
        if (entry == null) {
            return null;
        }
        if (epoch == entry.epoch) {
            BatchMetadata duplicate = entry.find(firstSequence, lastSequence);
            if (duplicate != null) {
                return duplicate;
            }
            if (!ProducerSequences.follows(entry.lastSequence(), firstSequence)) {
                throw new OutOfOrderSequenceException("Out of order sequence for producer " + producerId
                        + " epoch " + epoch + ": expected " + ProducerSequences.add(entry.lastSequence(), 1)
                        + ", got " + firstSequence);
            }
            return null;
        }
        if (epoch < entry.epoch) {
            throw new InvalidProducerEpochException("Producer " + producerId + " used epoch " + epoch
                    + " older than the current epoch " + entry.epoch);
        }
        if (firstSequence != 0) {
            throw new OutOfOrderSequenceException("First batch of producer " + producerId + " in new epoch " + epoch
                    + " must start at sequence 0, got " + firstSequence);
        }
        return null;
    }

    /** Records a batch that is now in the log. */
    public void onAppended(long producerId, short epoch, int firstSequence, int lastSequence, long firstOffset,
                           long lastOffset, long appendTimeMs) {
        producers.computeIfAbsent(producerId, id -> new ProducerEntry(epoch))
                .add(epoch, new BatchMetadata(firstSequence, lastSequence, firstOffset, lastOffset, appendTimeMs));
    }

    /** Rebuilds state from a batch read back from the log (recovery); no checks, the log is the truth. */
    public void replay(RecordBatch batch) {
        if (!batch.hasProducerId() || batch.isControlBatch()) {
            return;
        }
        onAppended(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
    }

    /** Forgets producers idle for longer than {@code expirationMs} (producer.id.expiration.ms). */
    public int removeExpired(long nowMs, long expirationMs) {
        int removed = 0;
        for (Iterator<ProducerEntry> it = producers.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().lastAppendTimeMs > expirationMs) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    public ProducerEntry entry(long producerId) {
        return producers.get(producerId);
    }

    public Map<Long, ProducerEntry> entries() {
        return Collections.unmodifiableMap(producers);
    }

    public int producerCount() {
        return producers.size();
    }

    public void clear() {
        producers.clear();
    }

    /** Restores one producer from a snapshot. */
    void restore(long producerId, short epoch, long lastAppendTimeMs, Collection<BatchMetadata> batches) {
        ProducerEntry entry = new ProducerEntry(epoch);
        for (BatchMetadata b : batches) {
            entry.add(epoch, b);
        }
        entry.lastAppendTimeMs = Math.max(entry.lastAppendTimeMs, lastAppendTimeMs);
        producers.put(producerId, entry);
    }
}
