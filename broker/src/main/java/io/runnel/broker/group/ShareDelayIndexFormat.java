package io.runnel.broker.group;

/**
 * The files of a {@link ShareDelayIndex}: one per time bucket, named {@code <bucketStartMs>.delay}, holding
 * fixed-size entries. Stateless.
 *
 * <pre>
 *   0          8             16
 *   +----------+-------------+
 *   | offset   | deliverAtMs |   repeated; big-endian; a torn trailing entry (&lt; 16 bytes) is ignored
 *   | int64    | int64       |
 *   +----------+-------------+
 * </pre>
 */
final class ShareDelayIndexFormat {
    static final int ENTRY_BYTES = 16;
    static final String SUFFIX = ".delay";

    private ShareDelayIndexFormat() {
    }

    static String fileName(long bucketStartMs) {
        return bucketStartMs + SUFFIX;
    }

    /** The bucket start of a file name, or null if it is not an index file. */
    static Long bucketOf(String fileName) {
        if (!fileName.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return Long.parseLong(fileName.substring(0, fileName.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
