package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON serde for one hot record type, with the same JSON and the same results as {@link Serdes#json(Class)} for
 * that type, which it replaces where the per-record cost matters (data binding builds a context per call and goes
 * through property objects per field).
 *
 * <p>Writing: a subclass writes the fields in the order, and with the number and null formats, the data-binding
 * serde uses (for a record: its components in declaration order, a null string as {@code null}), through a
 * {@link FieldWriter}: straight to bytes ({@link JsonByteWriter}) or, when a string is not plain ASCII or a double
 * not finite, with Jackson's generator. Reading takes a fast path only for the canonical shape, straight from the
 * bytes ({@link JsonByteReader}): a flat JSON object whose fields are each known, present once, and of the JSON type
 * the field is written as (an integer of up to 18 digits for a long field, plain ASCII text for a string field, a
 * number with a fraction or exponent for a double field). Anything else (an unknown, missing or duplicate field,
 * {@code null}, a value of another JSON type, escapes or non-ASCII text, a root other than an object, malformed
 * input) is read by the data-binding serde, so the result or the error is exactly its own. Content after the object
 * is not read (as data binding does). Thread-safe: per call a cursor or generator; output buffers are per thread.
 *
 * @param <T> the record type
 */
public abstract class JsonRecordSerde<T> implements Serde<T> {
    /** A field name, encoded once for both writers. */
    public static final class Name {
        private final SerializableString jackson;
        private final byte[] quotedWithColon;

        private Name(String name) {
            if (!JsonByteWriter.isPlain(name)) {
                throw new IllegalArgumentException("field names here are plain ASCII: " + name);
            }
            this.jackson = new SerializedString(name);
            this.quotedWithColon = ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Where a subclass writes a record's fields, in order. */
    public interface FieldWriter {
        void longField(Name name, long value) throws IOException;

        /** A null string is written as {@code null}, as data binding does. */
        void stringField(Name name, String value) throws IOException;

        void doubleField(Name name, double value) throws IOException;
    }

    private static final class BytesFieldWriter implements FieldWriter {
        private JsonByteWriter w;

        @Override
        public void longField(Name name, long value) {
            w.name(name.quotedWithColon);
            w.number(value);
        }

        @Override
        public void stringField(Name name, String value) throws IOException {
            w.name(name.quotedWithColon);
            if (value == null) {
                w.nullValue();
            } else {
                w.string(value);
            }
        }

        @Override
        public void doubleField(Name name, double value) throws IOException {
            w.name(name.quotedWithColon);
            w.number(value);
        }
    }

    private static final class GeneratorFieldWriter implements FieldWriter {
        private final JsonGenerator g;

        GeneratorFieldWriter(JsonGenerator g) {
            this.g = g;
        }

        @Override
        public void longField(Name name, long value) throws IOException {
            g.writeFieldName(name.jackson);
            g.writeNumber(value);
        }

        @Override
        public void stringField(Name name, String value) throws IOException {
            g.writeFieldName(name.jackson);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(value);
            }
        }

        @Override
        public void doubleField(Name name, double value) throws IOException {
            g.writeFieldName(name.jackson);
            g.writeNumber(value);
        }
    }

    private static final ThreadLocal<BytesFieldWriter> BYTES_FIELD_WRITER =
            ThreadLocal.withInitial(BytesFieldWriter::new);

    private final Class<T> type;
    private final Serde<T> dataBinding;
    private final JsonFactory factory;

    protected JsonRecordSerde(Class<T> type) {
        this.type = type;
        this.dataBinding = Serdes.json(type);
        this.factory = Serdes.MAPPER.getFactory();
    }

    /** Writes the value's fields as the data-binding serde does. */
    protected abstract void writeFields(FieldWriter w, T value) throws IOException;

    /**
     * Reads the fields after the object's start, up to and including its end, with {@link JsonByteReader#nextField},
     * {@link JsonByteReader#longValue}, {@link JsonByteReader#stringValue}, {@link JsonByteReader#doubleValue}; throws
     * {@link #notCanonical()} for any field or shape it does not take.
     */
    protected abstract T readFields(JsonByteReader r) throws IOException;

    @Override
    public final byte[] serialize(T value) {
        if (value == null) {
            return null;
        }
        JsonByteWriter bytes = JsonByteWriter.acquire();
        BytesFieldWriter fields = BYTES_FIELD_WRITER.get();
        JsonByteWriter outer = fields.w; // set when a serde writes inside another's write on this thread
        fields.w = bytes;
        try {
            bytes.beginObject();
            writeFields(fields, value);
            bytes.endObject();
            return bytes.toByteArray();
        } catch (IOException e) {
            // text that is not plain ASCII, a non-finite double: Jackson's generator
        } finally {
            fields.w = outer;
            bytes.release();
        }
        try {
            return JsonOutput.write(factory, g -> {
                g.writeStartObject(value);
                writeFields(new GeneratorFieldWriter(g), value);
                g.writeEndObject();
            });
        } catch (IOException e) {
            throw new SerdeException("Cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public final T deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonByteReader r = new JsonByteReader(bytes);
            r.beginObject();
            return readFields(r);
        } catch (IOException e) {
            // not canonical: the data-binding serde gives the result or its own error
        }
        return dataBinding.deserialize(bytes);
    }

    /** In place: a source reads each record's value where the fetch put it. */
    @Override
    public final T deserialize(byte[] array, int offset, int length) {
        return deserialize(array, offset, length, new ExactRead());
    }

    /**
     * In place, and exact when the bytes are the ones {@link #serialize} writes for the value: only for a subclass that
     * {@link #readsInWriteOrder()}, when the reader saw nothing but the writer's form ({@link JsonByteReader#exact()}).
     */
    @Override
    public final T deserialize(byte[] array, int offset, int length, ExactRead exact) {
        try {
            JsonByteReader r = new JsonByteReader(array, offset, length);
            r.beginObject();
            T value = readFields(r);
            exact.exact(readsInWriteOrder() && r.exact());
            return value;
        } catch (IOException e) {
            // not canonical: the data-binding serde gives the result or its own error
        }
        exact.exact(false);
        return dataBinding.deserialize(Arrays.copyOfRange(array, offset, offset + length));
    }

    /**
     * Whether {@link #readFields} takes exactly the fields {@link #writeFields} writes, each once, with {@link
     * JsonByteReader#nextField(JsonByteReader.FieldNames)} over their names in the order they are written, and
     * refuses anything else. Then a read that saw only the expected names in turn read the fields in write order,
     * and its bytes write back the same ({@link #deserialize(byte[], int, int, ExactRead)}). Default false.
     */
    protected boolean readsInWriteOrder() {
        return false;
    }

    /** A field name (plain ASCII), encoded once. */
    protected static Name name(String name) {
        return new Name(name);
    }

    protected static JsonByteReader.Unhandled notCanonical() {
        return JsonByteReader.unhandled();
    }

    /**
     * Marks field {@code bit} as seen in {@code seenMask}; a field seen twice is not canonical (data binding decides
     * what a duplicate means).
     */
    protected static int seen(int seenMask, int bit) throws JsonByteReader.Unhandled {
        int flag = 1 << bit;
        if ((seenMask & flag) != 0) {
            throw JsonByteReader.unhandled();
        }
        return seenMask | flag;
    }
}
