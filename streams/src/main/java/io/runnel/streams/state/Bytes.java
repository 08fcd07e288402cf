package io.runnel.streams.state;

import java.util.Arrays;

/** An immutable byte-array key with value equality and unsigned lexicographic order, for hash maps. */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;
    private final int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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
