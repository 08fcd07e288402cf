package io.runnel.streams.internals;

import java.nio.ByteBuffer;

/**
 * Byte layouts of state-store keys. Longs are big-endian with the sign bit flipped so that unsigned byte order
 * equals numeric order (negative event times sort first).
 *
 * <pre>
 * window (tumbling/hopping):  +--------+----------+-----------+
 *                             | end 8  | start 8  | key bytes |     scans by end close windows in order
 *                             +--------+----------+-----------+
 * keyed-time (session, sliding):
 *                             +------------+-----------+--------+--------+
 *                             | keyLen 4   | key bytes | time 8 | aux 8  |  prefix scans per key, ordered by time
 *                             +------------+-----------+--------+--------+
 * segmented keyed-time (join buffers):
 *                             +-----------+------------+-----------+--------+--------+
 *                             | segment 8 | keyLen 4   | key bytes | time 8 | aux 8  |  a segment expires whole
 *                             +-----------+------------+-----------+--------+--------+
 * </pre>
 * A segment is {@code floorDiv(time, segmentMs)}: one range delete drops every entry of the segments before one.
 * Session: time = start, aux = 0 (the end leads the value). Sliding and join buffers: time = record time, aux =
 * sequence number.
 * Window-store values start with one flag byte ({@link #FIRED}) followed by the accumulator bytes.
 */
public final class StoreKeyFormat {
    public static final byte FIRED = 1;
    public static final byte OPEN = 0;

    private StoreKeyFormat() {
    }

    public static void putLong(byte[] out, int offset, long value) {
        long v = value ^ Long.MIN_VALUE;
        for (int i = 7; i >= 0; i--) {
            out[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static long getLong(byte[] in, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[offset + i] & 0xFF);
        }
        return v ^ Long.MIN_VALUE;
    }

    public static byte[] windowKey(long endMs, long startMs, byte[] key) {
        byte[] out = new byte[16 + key.length];
        putLong(out, 0, endMs);
        putLong(out, 8, startMs);
        System.arraycopy(key, 0, out, 16, key.length);
        return out;
    }

    /** The smallest window key whose end is {@code endMs}. */
    public static byte[] windowEndBound(long endMs) {
        byte[] out = new byte[8];
        putLong(out, 0, endMs);
        return out;
    }

    public static byte[] windowKeyBytes(byte[] windowKey) {
        byte[] out = new byte[windowKey.length - 16];
        System.arraycopy(windowKey, 16, out, 0, out.length);
        return out;
    }

    public static byte[] keyedTime(byte[] key, long timeMs, long aux) {
        byte[] out = new byte[4 + key.length + 16];
        ByteBuffer.wrap(out).putInt(key.length).put(key);
        putLong(out, 4 + key.length, timeMs);
        putLong(out, 12 + key.length, aux);
        return out;
    }

    /**
     * The length of a keyed-time key's prefix that names its key (length and key bytes), or -1 when {@code
     * keyedTime} is too short to hold one: the group in which a store's per-key range scans stay.
     */
    public static int keyedGroupLength(byte[] keyedTime) {
        if (keyedTime.length < 4) {
            return -1;
        }
        long n = 4L + (ByteBuffer.wrap(keyedTime).getInt() & 0xFFFFFFFFL);
        return n <= keyedTime.length ? (int) n : -1;
    }

    public static byte[] segmentedKeyedTime(long segment, byte[] key, long timeMs, long aux) {
        byte[] out = new byte[8 + 4 + key.length + 16];
        putLong(out, 0, segment);
        ByteBuffer.wrap(out, 8, 4).putInt(key.length);
        System.arraycopy(key, 0, out, 12, key.length);
        putLong(out, 12 + key.length, timeMs);
        putLong(out, 20 + key.length, aux);
        return out;
    }

    /** All entries of {@code key} in {@code segment} with time >= {@code fromMs}. */
    public static byte[] segmentedKeyedTimeFrom(long segment, byte[] key, long fromMs) {
        byte[] out = new byte[8 + 4 + key.length + 8];
        putLong(out, 0, segment);
        ByteBuffer.wrap(out, 8, 4).putInt(key.length);
        System.arraycopy(key, 0, out, 12, key.length);
        putLong(out, 12 + key.length, fromMs);
        return out;
    }

    /** The smallest key of {@code segment}: the end of a range that expires every segment before it. */
    public static byte[] segmentStart(long segment) {
        byte[] out = new byte[8];
        putLong(out, 0, segment);
        return out;
    }

    /** As {@link #keyedGroupLength} for the segmented layout: segment, length and key bytes. */
    public static int segmentedGroupLength(byte[] segmentedKeyedTime) {
        if (segmentedKeyedTime.length < 12) {
            return -1;
        }
        long n = 12L + (ByteBuffer.wrap(segmentedKeyedTime, 8, 4).getInt() & 0xFFFFFFFFL);
        return n <= segmentedKeyedTime.length ? (int) n : -1;
    }

    /** All keyed-time entries of {@code key} with time >= {@code fromMs}. */
    public static byte[] keyedTimeFrom(byte[] key, long fromMs) {
        byte[] out = new byte[4 + key.length + 8];
        ByteBuffer.wrap(out).putInt(key.length).put(key);
        putLong(out, 4 + key.length, fromMs);
        return out;
    }

    public static byte[] keyedKey(byte[] keyedTime) {
        int len = ByteBuffer.wrap(keyedTime).getInt();
        byte[] out = new byte[len];
        System.arraycopy(keyedTime, 4, out, 0, len);
        return out;
    }

    /** The time of a keyed-time key, segmented or not (it reads from the end). */
    public static long keyedTimeOf(byte[] keyedTime) {
        return getLong(keyedTime, keyedTime.length - 16);
    }

    /** The aux of a keyed-time key, segmented or not (it reads from the end). */
    public static long keyedAuxOf(byte[] keyedTime) {
        return getLong(keyedTime, keyedTime.length - 8);
    }

    /** {@code a + b} saturating at Long.MAX_VALUE / MIN_VALUE. */
    public static long addSaturated(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    public static byte[] flagged(byte flag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = flag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    public static byte[] body(byte[] flagged) {
        byte[] out = new byte[flagged.length - 1];
        System.arraycopy(flagged, 1, out, 0, out.length);
        return out;
    }
}
