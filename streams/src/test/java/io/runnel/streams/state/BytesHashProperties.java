package io.runnel.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link Bytes#hash}: keys that differ in one byte, wherever it is, land in as many buckets of a small hash table as
 * random hashes would (about 162 of 256 for 256 keys). The cache maps keys like a prefix plus a big-endian time and
 * sequence, which differ in their last bytes only.
 */
class BytesHashProperties {
    @Property(tries = 300)
    void keysDifferingInOneByteSpreadOverBuckets(@ForAll @Size(min = 1, max = 64) byte[] base,
                                                 @ForAll @IntRange(min = 0, max = 63) int position) {
        int k = position % base.length;
        Set<Integer> buckets = new HashSet<>();
        for (int v = 0; v < 256; v++) {
            byte[] key = base.clone();
            key[k] = (byte) v;
            buckets.add(bucket(Bytes.wrap(key).hashCode(), 256));
        }
        assertThat(buckets).as("buckets of 256 keys differing in byte %d of %d", k, base.length).hasSizeGreaterThan(128);
    }

    @Property(tries = 100)
    void prefixPlusBigEndianCounterSpreadsOverBuckets(@ForAll @Size(max = 40) byte[] prefix,
                                                      @ForAll @IntRange(min = 0, max = 1 << 30) int start) {
        Set<Integer> buckets = new HashSet<>();
        for (int i = 0; i < 1024; i++) {
            byte[] key = ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong((long) start + i).array();
            buckets.add(bucket(Bytes.wrap(key).hashCode(), 1024));
        }
        assertThat(buckets).as("buckets of 1024 consecutive counters").hasSizeGreaterThan(550);
    }

    /** The bucket {@link java.util.HashMap} puts a hash in, for a table of {@code size} (a power of two). */
    private static int bucket(int hash, int size) {
        return (hash ^ (hash >>> 16)) & (size - 1);
    }
}
