package io.runnel.broker.partition;

import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What validation learned about one record batch: enough for idempotence checks and the produce response
 * without parsing the batch again. Immutable.
 */
public record ValidatedBatch(int recordCount, long producerId, short producerEpoch, int baseSequence,
                             long maxTimestampMs, int sizeBytes) {

    static ValidatedBatch of(MutableRecordBatch batch, int recordCount, long maxTimestampMs) {
        return new ValidatedBatch(recordCount, batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                maxTimestampMs, batch.sizeInBytes());
    }

    public boolean hasProducerId() {
        return producerId != RecordBatch.NO_PRODUCER_ID;
    }

    /** Sequence of the batch's last record, wrapping past Integer.MAX_VALUE like the clients do. */
    public int lastSequence() {
        return ProducerSequences.add(baseSequence, recordCount - 1);
    }
}
