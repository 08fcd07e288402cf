package io.runnel.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The cleaner's key -> latest offset map, in a fixed amount of memory ({@code log.cleaner.dedupe.buffer.size}):
 * open addressing with linear probing over slots of a 16-byte MD5 digest of the key and an 8-byte offset. Filled
 * to at most 90% of its slots; the cleaner stops mapping at a segment boundary when it is full and cleans the
 * rest in a later pass. Two keys with the same 128-bit digest would be conflated: a risk of about 2^-64 per
 * billion keys, accepted (the digest is what bounds the memory).
 *
 * <pre>
 *   slot (24 bytes): | MD5(key) 16 bytes | offset int64 | ; an all-zero digest marks an empty slot
 *                    (a key whose digest is all zeros is stored as digest with last byte 1)
 * </pre>
 *
 * <p>Thread: owned by the cleaner thread.
 */
final class OffsetMap {
    static final int SLOT_BYTES = 24;
    private static final int DIGEST_BYTES = 16;
    private static final double LOAD_FACTOR_MAX = 0.9;

    private final byte[] slots;
    private final int slotCount;
    private final int entriesMax;
    private final MessageDigest md5;
    private final byte[] digest = new byte[DIGEST_BYTES];
    private int entries;

    OffsetMap(long memoryBytes) {
        long count = Math.max(2, memoryBytes / SLOT_BYTES);
        this.slotCount = (int) Math.min(count, Integer.MAX_VALUE / SLOT_BYTES);
        this.slots = new byte[slotCount * SLOT_BYTES];
        this.entriesMax = (int) (slotCount * LOAD_FACTOR_MAX);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    void clear() {
        Arrays.fill(slots, (byte) 0);
        entries = 0;
    }

    boolean isFull() {
        return entries >= entriesMax;
    }

    int size() {
        return entries;
    }

    int entriesMax() {
        return entriesMax;
    }

    /** Records {@code offset} as the latest for {@code key} (offsets only grow per key in a log). */
    void put(ByteBuffer key, long offset) {
        hash(key);
        int slot = probe();
        int at = slot * SLOT_BYTES;
        if (isEmpty(at)) {
            if (isFull()) {
                throw new IllegalStateException("OffsetMap full: " + entries + " entries");
            }
            System.arraycopy(digest, 0, slots, at, DIGEST_BYTES);
            entries++;
        }
        ByteBuffer.wrap(slots, at + DIGEST_BYTES, 8).putLong(offset);
    }

    /** The latest offset recorded for {@code key}, or -1. */
    long get(ByteBuffer key) {
        hash(key);
        int at = probe() * SLOT_BYTES;
        return isEmpty(at) ? -1 : ByteBuffer.wrap(slots, at + DIGEST_BYTES, 8).getLong();
    }

    private void hash(ByteBuffer key) {
        md5.reset();
        md5.update(key.duplicate());
        try {
            md5.digest(digest, 0, DIGEST_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        boolean allZero = true;
        for (byte b : digest) {
            allZero &= b == 0;
        }
        if (allZero) {
            digest[DIGEST_BYTES - 1] = 1;
        }
    }

    /** The slot holding the current digest, or the empty slot where it belongs. */
    private int probe() {
        int h = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
        int slot = Math.floorMod(h, slotCount);
        while (true) {
            int at = slot * SLOT_BYTES;
            if (isEmpty(at) || Arrays.equals(slots, at, at + DIGEST_BYTES, digest, 0, DIGEST_BYTES)) {
                return slot;
            }
            slot = slot + 1 == slotCount ? 0 : slot + 1;
        }
    }

    private boolean isEmpty(int at) {
        for (int i = 0; i < DIGEST_BYTES; i++) {
            if (slots[at + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
