package io.runnel.storage;

/**
 * The sparse time index of a segment ({@code .timeindex}): entries (t, o) meaning "the largest timestamp of the
 * records up to and including the batch starting at offset o is t". Timestamps strictly increase from entry to
 * entry (an entry is only added when the running maximum grows). The last entry always carries the segment's
 * maximum timestamp once the segment is rolled or the log closed. Preallocated and trimmed like the offset index.
 *
 * <pre>
 *   entry (12 bytes, big endian):
 *   0                                     8                  12
 *   +-------------------------------------+------------------+
 *   | timestamp ms (int64)                | relative offset  |
 *   |                                     | (int32)          |
 *   +-------------------------------------+------------------+
 * </pre>
 * Lookup of the first offset with timestamp {@code >=} t: the last entry with timestamp {@code < t} says every batch
 * up to its offset is older, so the scan starts at the batch after it.
 *
 * <p>Constants and pure functions only: thread-safe.
 */
final class TimeIndexFormat {
    static final int ENTRY_BYTES = 12;
    static final int TIMESTAMP_POSITION = 0;
    static final int RELATIVE_OFFSET_POSITION = 8;

    private TimeIndexFormat() {
    }
}
