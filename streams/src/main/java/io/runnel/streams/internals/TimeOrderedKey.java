package io.runnel.streams.internals;

import java.util.Arrays;

/**
 * A stored entry's key with the time its operator orders it by, for in-memory indexes that tell which entries a
 * watermark makes due without scanning the store: ordered by that time, then by the key's bytes (unsigned, as the
 * store orders them).
 */
final class TimeOrderedKey implements Comparable<TimeOrderedKey> {
    final long timeMs;
    final byte[] storeKey;

    TimeOrderedKey(long timeMs, byte[] storeKey) {
        this.timeMs = timeMs;
        this.storeKey = storeKey;
    }

    @Override
    public int compareTo(TimeOrderedKey o) {
        int c = Long.compare(timeMs, o.timeMs);
        return c != 0 ? c : Arrays.compareUnsigned(storeKey, o.storeKey);
    }
}
