package io.runnel.streams.internals;

import java.util.Arrays;

/**
 * Which keys one side of a stream-stream join may hold in each live segment of its buffer: a Bloom filter per
 * segment of the serialized keys the side put there. The other side probes it before it probes the buffer, a RocksDB
 * seek that was a fifth of Nexmark q3's processing thread and mostly found nothing (a person registering has no
 * auctions yet; half of the sellers live in other states). Never a false "absent": the owning side adds every key it
 * buffers and, on start, every key the restored buffer holds; a segment's filter goes when the segment expires.
 *
 * <p>Each filter has {@value #BITS} bits (256 KiB) and {@value #HASHES} hash functions: about 0.03% false "maybe"
 * at 50,000 keys per segment, 1.5% at 200,000; past a few million it says "maybe" to everything, which costs what
 * having no filter cost. Task-thread owned.
 */
final class JoinKeyFilter {
    static final int BITS = 1 << 21;
    static final int HASHES = 3;
    private static final int MASK = BITS - 1;

    /** Live segments, ascending, and their bit sets. */
    private long[] segments = new long[4];
    private long[][] bits = new long[4][];
    private int count;

    /** Adds a key by its {@link #hash}. */
    void add(long segment, long keyHash) {
        long[] set = bitsOf(segment, true);
        long h = keyHash;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            int bit = (h1 + i * h2) & MASK;
            set[bit >>> 6] |= 1L << bit;
        }
    }

    void add(long segment, byte[] key) {
        add(segment, hash(key, 0, key.length));
    }

    /** False only if no key with this {@link #hash} was added to {@code segment} (or the segment expired). */
    boolean mightContain(long segment, long keyHash) {
        long[] set = bitsOf(segment, false);
        if (set == null) {
            return false;
        }
        long h = keyHash;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            int bit = (h1 + i * h2) & MASK;
            if ((set[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Drops the filters of every segment below {@code firstLive}. */
    void expireBefore(long firstLive) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (segments[i] >= firstLive) {
                segments[kept] = segments[i];
                bits[kept++] = bits[i];
            }
        }
        Arrays.fill(bits, kept, count, null);
        count = kept;
    }

    /** How many segments hold a filter (tests: expiry releases them). */
    int liveSegments() {
        return count;
    }

    private long[] bitsOf(long segment, boolean create) {
        int i = 0;
        while (i < count && segments[i] < segment) {
            i++;
        }
        if (i < count && segments[i] == segment) {
            return bits[i];
        }
        if (!create) {
            return null;
        }
        if (count == segments.length) {
            segments = Arrays.copyOf(segments, count * 2);
            bits = Arrays.copyOf(bits, count * 2);
        }
        System.arraycopy(segments, i, segments, i + 1, count - i);
        System.arraycopy(bits, i, bits, i + 1, count - i);
        segments[i] = segment;
        bits[i] = new long[BITS / Long.SIZE];
        count++;
        return bits[i];
    }

    boolean mightContain(long segment, byte[] key) {
        return mightContain(segment, hash(key, 0, key.length));
    }

    static long hash(byte[] key) {
        return hash(key, 0, key.length);
    }

    /** 64 well-mixed bits of the bytes (a multiply-xorshift per byte, then the MurmurHash3 finalizer). */
    static long hash(byte[] b, int offset, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
