package io.runnel.streams.serde;

import com.fasterxml.jackson.core.io.NumberOutput;
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
