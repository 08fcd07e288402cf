package io.runnel.storage;

/**
 * Outcome of {@link PartitionLog#append}: the offsets assigned, the LogAppendTime stamped into the batches
 * ({@code -1} when the topic uses CreateTime) and the log start offset at that moment.
 * Immutable.
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTimeMs, long logStartOffset) {
}
