package io.runnel.broker.partition;

/**
 * The outcome of one append to a partition, as the produce response reports it.
 *
 * @param firstOffset     offset of the first record appended (of the original append for a duplicate)
 * @param lastOffset      offset of the last record
 * @param logAppendTimeMs the LogAppendTime stamped on the batch, -1 for CreateTime topics
 * @param logStartOffset  the partition's log start offset after the append
 * @param duplicate       true when the batch was a retry of an already appended batch and nothing was written
 */
public record AppendInfo(long firstOffset, long lastOffset, long logAppendTimeMs, long logStartOffset,
                         boolean duplicate) {
}
