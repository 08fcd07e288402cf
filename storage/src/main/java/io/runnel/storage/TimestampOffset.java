package io.runnel.storage;

/** A timestamp and the offset of the record carrying it (ListOffsets by timestamp, max timestamp). * Immutable.
 */
public record TimestampOffset(long timestampMs, long offset) {
}
