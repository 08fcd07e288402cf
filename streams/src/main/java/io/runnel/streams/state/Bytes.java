package io.runnel.streams.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** An immutable byte-array key with value equality and unsigned lexicographic order, for hash maps. */
public final class Bytes implements Comparable<Bytes> {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** An odd constant with well-spread bits, for the final mix. */
    private static final long MIX = 0xD6E8FEB86659FD93L;

    private final byte[] bytes;
    private final int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /**
     * Eight bytes per step: every cache write hashes its key (and a join buffer's group prefix), and
     * {@link Arrays#hashCode(byte[])}'s multiply-add per byte was a tenth of a join task's thread on JDK 17. A
     * multiply only carries a difference upwards, so each step rotates the product and the result is mixed down
     * once more: keys that differ only in their last bytes (a big-endian time or sequence, the high bits of the last
     * word) must still differ in the low bits a hash table indexes by, or a map of them degrades into tree bins.
     */
    static int hash(byte[] b) {
        long h = b.length;
        int i = 0;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            h = Long.rotateLeft((h ^ (long) WORDS.get(b, i)) * MULTIPLIER, 32);
        }
        long tail = 0;
        for (int shift = 0; i < b.length; i++, shift += Byte.SIZE) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h = (h ^ tail) * MULTIPLIER;
        h = (h ^ (h >>> 32)) * MIX;
        return (int) (h ^ (h >>> 32));
    }

    /** Wraps without copying: the caller must not modify {@code bytes} afterwards. */
    public static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    public byte[] get() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
