package io.runnel.streams.state;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The changelog format of an append-only store (decision 0074): many entries per changelog record instead of one.
 * Such a store writes each key once and drops its entries by range when they expire ({@link
 * LoggedStore#expireRange}), so there is no later value or tombstone a compaction would need to match by key: a
 * chunk of entries can stand in for them. Each chunk has a key of its own (a random prefix per writer and a counter:
 * never reused, so the topic is deleted by time only), and one producer send then carries hundreds of entries, where
 * a record per entry cost a send, a callback and a record header per buffered join record.
 *
 * <p>Value: a format byte ({@value #FORMAT}), then per entry: key length (varint), key, value length plus one
 * (varint; 0: a delete), value. Writers are task-thread owned.
 */
public final class ChangelogChunk {
    /** The format byte; anything else (such as a record from a build before chunks) is rejected. */
    static final byte FORMAT = 1;
    /** A chunk is sent once it would grow past this (a lone larger entry still goes alone). */
    static final int TARGET_BYTES = 64 * 1024;
    private static final int KEY_BYTES = 16;

    private ChangelogChunk() {
    }

    /** Receives a chunk's entries in the order written; a null value is a delete. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(byte[] key, byte[] valueOrNull);
    }

    /** Visits the entries of chunk {@code value} (the record at {@code where}, for errors). */
    public static void forEachEntry(byte[] value, String where, EntryConsumer consumer) {
        if (value == null || value.length == 0 || value[0] != FORMAT) {
            throw new StateStoreException("Changelog record at " + where + " is not a chunk of format " + FORMAT
                    + " (a changelog written by an older build? Restoring needs a new application.id)", null);
        }
        int[] at = {1};
        while (at[0] < value.length) {
            int keyLength = readVarint(value, at, where);
            byte[] key = Arrays.copyOfRange(value, at[0], checkedEnd(value, at[0], keyLength, where));
            at[0] += keyLength;
            int valueLengthPlusOne = readVarint(value, at, where);
            byte[] entryValue = null;
            if (valueLengthPlusOne > 0) {
                int n = valueLengthPlusOne - 1;
                entryValue = Arrays.copyOfRange(value, at[0], checkedEnd(value, at[0], n, where));
                at[0] += n;
            }
            consumer.accept(key, entryValue);
        }
    }

    private static int checkedEnd(byte[] value, int from, int length, String where) {
        if (length < 0 || from + length > value.length) {
            throw truncated(where, "an entry of " + length + " bytes at " + from + " of " + value.length);
        }
        return from + length;
    }

    private static int readVarint(byte[] b, int[] at, String where) {
        int result = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (at[0] >= b.length) {
                throw truncated(where, "a length cut off at " + at[0]);
            }
            byte x = b[at[0]++];
            result |= (x & 0x7f) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw truncated(where, "a length of more than 5 bytes");
    }

    private static StateStoreException truncated(String where, String what) {
        return new StateStoreException("Changelog chunk at " + where + " is truncated: " + what, null);
    }

    /** Collects entries into chunks and names each with a fresh key. */
    public static final class Writer {
        private final long keyPrefix = ThreadLocalRandom.current().nextLong();
        private long counter;
        private byte[] buffer = new byte[1024];
        private int size;

        /**
         * Whether adding an entry of these sizes would take a non-empty chunk past {@link #TARGET_BYTES}: then
         * {@link #take()} it first.
         */
        public boolean wouldOverflow(byte[] key, byte[] valueOrNull) {
            return size > 1 && size + entryBytes(key, valueOrNull) > TARGET_BYTES;
        }

        public void add(byte[] key, byte[] valueOrNull) {
            if (size == 0) {
                ensure(1);
                buffer[size++] = FORMAT;
            }
            ensure(entryBytes(key, valueOrNull));
            writeVarint(key.length);
            System.arraycopy(key, 0, buffer, size, key.length);
            size += key.length;
            if (valueOrNull == null) {
                writeVarint(0);
            } else {
                writeVarint(valueOrNull.length + 1);
                System.arraycopy(valueOrNull, 0, buffer, size, valueOrNull.length);
                size += valueOrNull.length;
            }
        }

        public boolean isEmpty() {
            return size == 0;
        }

        /** The chunk so far, to send; the writer starts a new one. */
        public byte[] take() {
            byte[] chunk = Arrays.copyOf(buffer, size);
            size = 0;
            if (buffer.length > 4 * TARGET_BYTES) {
                buffer = new byte[1024];
            }
            return chunk;
        }

        /** A changelog key no other chunk of any writer has (random prefix, then a counter). */
        public byte[] nextKey() {
            byte[] key = new byte[KEY_BYTES];
            long c = counter++;
            for (int i = 0; i < Long.BYTES; i++) {
                key[i] = (byte) (keyPrefix >>> (56 - 8 * i));
                key[Long.BYTES + i] = (byte) (c >>> (56 - 8 * i));
            }
            return key;
        }

        private static int entryBytes(byte[] key, byte[] valueOrNull) {
            return 10 + key.length + (valueOrNull == null ? 0 : valueOrNull.length);
        }

        private void writeVarint(int v) {
            while ((v & ~0x7f) != 0) {
                buffer[size++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
            }
        }
    }
}
