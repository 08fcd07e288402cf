package io.runnel.storage;

/**
 * The sparse offset index of a segment ({@code .index}): one entry per {@code index.interval.bytes} of log, mapping
 * the base offset of a batch to the batch's byte position in the {@code .log} file. Entries are strictly
 * increasing in both fields. The file is preallocated (zeros) to {@code segment.index.bytes} while the segment
 * is active and trimmed to its entries when the segment is rolled or the log closed.
 *
 * <pre>
 *   entry (8 bytes, big endian):
 *   0                  4                  8
 *   +------------------+------------------+
 *   | relative offset  | position         |   relative offset = batch base offset - segment base offset
 *   | (int32)          | (int32)          |   position        = byte position of that batch in the .log
 *   +------------------+------------------+
 * </pre>
 * Lookup of offset o: the last entry with offset {@code <=} o, then a forward scan of batch headers from its
 * position.
 *
 * <p>Constants and pure functions only: thread-safe.
 */
final class OffsetIndexFormat {
    static final int ENTRY_BYTES = 8;
    static final int RELATIVE_OFFSET_POSITION = 0;
    static final int POSITION_POSITION = 4;

    private OffsetIndexFormat() {
    }
}
