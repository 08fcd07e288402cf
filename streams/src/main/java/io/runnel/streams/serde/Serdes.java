package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The built-in serdes: strings (UTF-8), raw bytes, big-endian longs and doubles, JSON through Jackson. */
public final class Serdes {
    /**
     * Shared, thread-safe once configured (Jackson's contract). Doubles are read and written with Jackson's fast
     * parser and writer (FastDoubleParser, Schubfach): on Java 17 {@code Double.parseDouble} and {@code
     * Double.toString} were about 8% of a stateless JSON job's processing thread. Every double reads back as the
     * same value; the text may differ from {@code Double.toString}'s where that was not the shortest form.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build());

    private static final Serde<String> STRING = new Serde<>() {
        @Override
        public byte[] serialize(String value) {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] array, int offset, int length) {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
    };
    private static final Serde<byte[]> BYTES = Serde.of(b -> b, b -> b);
    private static final Serde<Long> LONG = Serde.of(v -> ByteBuffer.allocate(8).putLong(v).array(),
            b -> ByteBuffer.wrap(b).getLong());
    private static final Serde<Double> DOUBLE = Serde.of(v -> ByteBuffer.allocate(8).putDouble(v).array(),
            b -> ByteBuffer.wrap(b).getDouble());
    private static final Serde<JsonNode> JSON_TREE = new JsonTreeSerde(MAPPER);

    private Serdes() {
    }

    public static Serde<String> string() {
        return STRING;
    }

    public static Serde<byte[]> bytes() {
        return BYTES;
    }

    public static Serde<Long> longs() {
        return LONG;
    }

    public static Serde<Double> doubles() {
        return DOUBLE;
    }

    /**
     * JSON as a Jackson tree: fields read with {@code node.get("name")}. Reads and writes exactly what the mapper's
     * reader and writer for {@code JsonNode} do, without their per-call context (see {@link JsonTreeSerde}).
     */
    public static Serde<JsonNode> jsonTree() {
        return JSON_TREE;
    }

    /** JSON bound to a class (records and POJOs) through Jackson data binding. */
    public static <T> Serde<T> json(Class<T> type) {
        // Reader and writer resolved once: per-call type resolution is a measurable share of a small record's cost.
        ObjectReader reader = MAPPER.readerFor(type);
        ObjectWriter writer = MAPPER.writerFor(type);
        return new Serde<>() {
            @Override
            public byte[] serialize(T value) {
                if (value == null) {
                    return null;
                }
                try {
                    return writer.writeValueAsBytes(value);
                } catch (IOException e) {
                    throw new SerdeException("Cannot write " + type.getSimpleName() + " as JSON", e);
                }
            }

            @Override
            public T deserialize(byte[] bytes) {
                if (bytes == null) {
                    return null;
                }
                try {
                    return reader.readValue(bytes);
                } catch (IOException e) {
                    throw new SerdeException("Cannot read " + type.getSimpleName() + " from JSON", e);
                }
            }
        };
    }

    /** The shared Jackson mapper, for building JSON output trees ({@code mapper().createObjectNode()}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
