package io.runnel.streams.serde;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes compact JSON into a per-thread byte buffer for the common case only: names and strings of printable ASCII
 * without '"' or '\\', finite numbers. For anything else it throws {@link JsonByteReader.Unhandled} and the caller
 * writes the value with Jackson's generator instead, so the bytes are always the generator's (with the mapper's
 * settings: no indentation, no escaping of printable ASCII, integers in plain decimal, doubles through Jackson's fast
 * writer, {@link NumberOutput#toString(double, boolean)}). Thread-safe: one instance per thread, re-entrant calls
 * get a private one.
 */
public final class JsonByteWriter {
    private static final int INITIAL_BYTES = 256;
    /** Strings from this length are copied in bulk ({@link #quotedBulk}); shorter ones char by char. */
    private static final int BULK_CHARS_MIN = 64;
    private static final ThreadLocal<JsonByteWriter> PER_THREAD = ThreadLocal.withInitial(JsonByteWriter::new);

    private byte[] buffer = new byte[INITIAL_BYTES];
    private int sizeBytes;
    private boolean needsComma;
    private boolean inUse;

    private JsonByteWriter() {
    }

    /** This thread's writer, emptied; {@link #release()} it after {@link #toByteArray()}. */
    static JsonByteWriter acquire() {
        JsonByteWriter w = PER_THREAD.get();
        if (w.inUse) {
            w = new JsonByteWriter();
        }
        w.inUse = true;
        w.sizeBytes = 0;
        w.needsComma = false;
        return w;
    }

    void release() {
        inUse = false;
        if (buffer.length > JsonOutput.RETAINED_BYTES_MAX) {
            buffer = new byte[INITIAL_BYTES];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, sizeBytes);
    }

    void beginObject() {
        beforeValue();
        ensureCapacity(1);
        buffer[sizeBytes++] = '{';
        needsComma = false;
    }

    void endObject() {
        ensureCapacity(1);
        buffer[sizeBytes++] = '}';
        needsComma = true;
    }

    void beginArray() {
        beforeValue();
        ensureCapacity(1);
        buffer[sizeBytes++] = '[';
        needsComma = false;
    }

    void endArray() {
        ensureCapacity(1);
        buffer[sizeBytes++] = ']';
        needsComma = true;
    }

    /** A field name: {@code "name":}. */
    void name(String name) throws JsonByteReader.Unhandled {
        beforeValue();
        quoted(name);
        ensureCapacity(1);
        buffer[sizeBytes++] = ':';
        needsComma = false;
    }

    /** A field name already encoded as {@code "name":} (ASCII, checked by the caller). */
    void name(byte[] quotedNameAndColon) {
        beforeValue();
        ensureCapacity(quotedNameAndColon.length);
        System.arraycopy(quotedNameAndColon, 0, buffer, sizeBytes, quotedNameAndColon.length);
        sizeBytes += quotedNameAndColon.length;
        needsComma = false;
    }

    void string(String value) throws JsonByteReader.Unhandled {
        beforeValue();
        quoted(value);
        needsComma = true;
    }

    void number(long value) {
        beforeValue();
        ensureCapacity(20);
        sizeBytes = NumberOutput.outputLong(value, buffer, sizeBytes);
        needsComma = true;
    }

    void number(int value) {
        beforeValue();
        ensureCapacity(11);
        sizeBytes = NumberOutput.outputInt(value, buffer, sizeBytes);
        needsComma = true;
    }

    void number(double value) throws JsonByteReader.Unhandled {
        if (!Double.isFinite(value)) {
            throw JsonByteReader.unhandled(); // the generator writes these as quoted strings
        }
        beforeValue();
        ascii(NumberOutput.toString(value, true));
        needsComma = true;
    }

    void bool(boolean value) {
        beforeValue();
        ascii(value ? "true" : "false");
        needsComma = true;
    }

    void nullValue() {
        beforeValue();
        ascii("null");
        needsComma = true;
    }

    /** Whether Jackson's generator writes {@code s} unescaped: printable ASCII other than '"' and '\\'. */
    static boolean isPlain(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void quoted(String s) throws JsonByteReader.Unhandled {
        int n = s.length();
        if (n >= BULK_CHARS_MIN) {
            quotedBulk(s, n);
            return;
        }
        ensureCapacity(n + 2);
        byte[] b = buffer;
        int at = sizeBytes;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                throw JsonByteReader.unhandled();
            }
            b[at++] = (byte) c;
        }
        b[at++] = '"';
        sizeBytes = at;
    }

    /**
     * {@link #quoted} for longer strings: the JDK copies a string's chars as Latin-1 bytes in bulk (a plain array copy
     * for a string that holds only such chars), checked eight bytes at a time. It writes '?' for a char outside
     * Latin-1 (one for a surrogate pair), so each '?' must be one in the string, and the length the same.
     */
    private void quotedBulk(String s, int n) throws JsonByteReader.Unhandled {
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1.length != n) {
            throw JsonByteReader.unhandled();
        }
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long word = (long) JsonByteReader.WORDS.get(latin1, i);
            if (JsonByteReader.mayEndString(word) || hasByte(word, '?')) {
                checkPlain(s, latin1, i, i + Long.BYTES);
            }
        }
        checkPlain(s, latin1, i, n);
        ensureCapacity(n + 2);
        byte[] b = buffer;
        b[sizeBytes] = '"';
        System.arraycopy(latin1, 0, b, sizeBytes + 1, n);
        b[sizeBytes + n + 1] = '"';
        sizeBytes += n + 2;
    }

    /** Bytes {@code from} to {@code to} of a string's Latin-1 copy: plain ASCII, and each '?' a '?' in the string. */
    private static void checkPlain(String s, byte[] latin1, int from, int to) throws JsonByteReader.Unhandled {
        for (int k = from; k < to; k++) {
            byte c = latin1[k];
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '?' && s.charAt(k) != '?') {
                throw JsonByteReader.unhandled(); // (bytes >= 0x80 are negative)
            }
        }
    }

    /** Whether any of the word's eight bytes is {@code b} (exact, as in {@link JsonByteReader#mayEndString}). */
    private static boolean hasByte(long word, char b) {
        long x = word ^ (JsonByteReader.ONES * b);
        return ((x - JsonByteReader.ONES) & ~x & JsonByteReader.HIGH_BITS) != 0;
    }

    private void ascii(String s) {
        int n = s.length();
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            buffer[sizeBytes + i] = (byte) s.charAt(i);
        }
        sizeBytes += n;
    }

    private void beforeValue() {
        if (needsComma) {
            ensureCapacity(1);
            buffer[sizeBytes++] = ',';
        }
    }

    private void ensureCapacity(int moreBytes) {
        int needed = sizeBytes + moreBytes;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
