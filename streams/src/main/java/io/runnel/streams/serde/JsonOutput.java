package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A per-thread, reused output buffer for JSON generators: a value is written into it and copied out once, so a write
 * allocates the result array and the generator, not a growing builder per call. Thread-safe: each thread has its
 * own buffer; a buffer grown past {@link #RETAINED_BYTES_MAX} by one large value is dropped after that write.
 */
final class JsonOutput extends OutputStream {
    /** A value written into the open generator (the generator is closed, and so flushed, by the caller). */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static final int INITIAL_BYTES = 256;
    static final int RETAINED_BYTES_MAX = 64 * 1024;
    private static final ThreadLocal<JsonOutput> PER_THREAD = ThreadLocal.withInitial(JsonOutput::new);

    private byte[] buffer = new byte[INITIAL_BYTES];
    private int sizeBytes;
    private boolean inUse;

    private JsonOutput() {
    }

    /** Writes one value with a generator of {@code factory} and returns its bytes. */
    static byte[] write(JsonFactory factory, Body body) throws IOException {
        JsonOutput out = PER_THREAD.get();
        if (out.inUse) {
            // A serde called from inside another serde's write on the same thread: use a private buffer.
            out = new JsonOutput();
        }
        out.inUse = true;
        out.sizeBytes = 0;
        try {
            try (JsonGenerator g = factory.createGenerator(out)) {
                body.writeTo(g);
            }
            return Arrays.copyOf(out.buffer, out.sizeBytes);
        } finally {
            out.inUse = false;
            if (out.buffer.length > RETAINED_BYTES_MAX) {
                out.buffer = new byte[INITIAL_BYTES];
            }
        }
    }

    @Override
    public void write(int b) {
        ensureCapacity(1);
        buffer[sizeBytes++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, buffer, sizeBytes, len);
        sizeBytes += len;
    }

    @Override
    public void close() {
        // The generator closes its target; the buffer stays for the next write on this thread.
    }

    private void ensureCapacity(int moreBytes) {
        int needed = sizeBytes + moreBytes;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
