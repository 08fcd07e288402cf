package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * A JSON serde for one hot record type, written field by field with a {@link JsonGenerator} and read with a
 * field-name switch over a {@link JsonParser}, with the same JSON and the same results as {@link Serdes#json(Class)}
 * for that type, which it replaces where the per-record cost matters (data binding builds a context per call and
 * goes through property objects per field).
 *
 * <p>Writing: a subclass writes the fields in the order, and with the number and null formats, the data-binding
 * serde uses (for a record: its components in declaration order, a null string as {@code null}). Reading takes a
 * fast path only for the canonical shape: a JSON object whose fields are each known, present once, and of the JSON
 * type the field is written as (an integer that fits a long for a long field, a string for a string field, a
 * fraction for a double field). Anything else (an unknown, missing or duplicate field, {@code null}, a value of
 * another JSON type, a root other than an object, malformed input) is read again by the data-binding serde, so the
 * result or the error is exactly its own. Content after the object is not read (as data binding does).
 * Thread-safe: per call a parser or generator; the output buffer is per thread ({@link JsonOutput}).
 *
 * @param <T> the record type
 */
public abstract class JsonRecordSerde<T> implements Serde<T> {
    /** Signals, without a stack trace, that the input is not in the canonical shape: the data-binding serde reads it. */
    protected static final class NotCanonical extends IOException {
        private static final long serialVersionUID = 1L;
        private static final NotCanonical INSTANCE = new NotCanonical();

        private NotCanonical() {
            super("not the canonical JSON of the record");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final Class<T> type;
    private final Serde<T> dataBinding;
    private final JsonFactory factory;

    protected JsonRecordSerde(Class<T> type) {
        this.type = type;
        this.dataBinding = Serdes.json(type);
        this.factory = Serdes.MAPPER.getFactory();
    }

    /** Writes the value's fields, between the object's start and end, as the data-binding serde does. */
    protected abstract void writeFields(JsonGenerator g, T value) throws IOException;

    /**
     * Reads the fields after the object's start, up to and including its end, with {@link #longValue},
     * {@link #stringValue}, {@link #doubleValue}; throws {@link #notCanonical()} for any field or shape it does not
     * take.
     */
    protected abstract T readFields(JsonParser p) throws IOException;

    @Override
    public final byte[] serialize(T value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonOutput.write(factory, g -> {
                g.writeStartObject(value);
                writeFields(g, value);
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
        try (JsonParser p = factory.createParser(bytes)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                return readFields(p);
            }
        } catch (IOException e) {
            // not canonical, or malformed: the data-binding serde gives the result or its own error
        }
        return dataBinding.deserialize(bytes);
    }

    /** A field name, encoded once. */
    protected static SerializableString name(String name) {
        return new SerializedString(name);
    }

    protected static NotCanonical notCanonical() {
        return NotCanonical.INSTANCE;
    }

    /** The next value, which must be an integer that fits a long. */
    protected static long longValue(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw NotCanonical.INSTANCE;
        }
        return p.getLongValue();
    }

    /** The next value, which must be a string. */
    protected static String stringValue(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw NotCanonical.INSTANCE;
        }
        return p.getText();
    }

    /** The next value, which must be a number with a fraction or exponent. */
    protected static double doubleValue(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_NUMBER_FLOAT) {
            throw NotCanonical.INSTANCE;
        }
        return p.getDoubleValue();
    }

    /** Writes a string field as data binding does: {@code null} for a null string. */
    protected static void writeString(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    protected static void writeLong(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    protected static void writeDouble(JsonGenerator g, SerializableString name, double value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    /**
     * Marks field {@code bit} as seen in {@code seenMask}; a field seen twice is not canonical (data binding decides
     * what a duplicate means).
     */
    protected static int seen(int seenMask, int bit) throws NotCanonical {
        int flag = 1 << bit;
        if ((seenMask & flag) != 0) {
            throw NotCanonical.INSTANCE;
        }
        return seenMask | flag;
    }
}
