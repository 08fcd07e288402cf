package io.runnel.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How message values turn into bytes and back. Implementations must be thread-safe: one schema instance serves
 * every producer and consumer that was built with it.
 *
 * @param <T> the value type
 */
public interface Schema<T> {
    /** UTF-8 strings. */
    Schema<String> STRING = new Schema<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Schema.STRING";
        }
    };

    /** Raw bytes, unchanged. */
    Schema<byte[]> BYTES = new Schema<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }

        @Override
        public String toString() {
            return "Schema.BYTES";
        }
    };

    /** 64-bit integers, 8 bytes big-endian (Kafka's LongSerializer layout). */
    Schema<Long> INT64 = new Schema<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            if (bytes.length != Long.BYTES) {
                throw new SchemaException("INT64 value must be 8 bytes, got " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).getLong();
        }

        @Override
        public String toString() {
            return "Schema.INT64";
        }
    };

    /** 32-bit integers, 4 bytes big-endian (Kafka's IntegerSerializer layout). */
    Schema<Integer> INT32 = new Schema<>() {
        @Override
        public byte[] encode(Integer value) {
            return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
        }

        @Override
        public Integer decode(byte[] bytes) {
            if (bytes.length != Integer.BYTES) {
                throw new SchemaException("INT32 value must be 4 bytes, got " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).getInt();
        }

        @Override
        public String toString() {
            return "Schema.INT32";
        }
    };

    /** Objects of {@code type} as JSON text, through Jackson data binding (public fields or bean properties). */
    static <T> Schema<T> JSON(Class<T> type) {
        return new JsonSchema<>(type, new ObjectMapper());
    }

    /** The bytes of {@code value}; never called with null (a null value is sent as a null record value). */
    byte[] encode(T value);

    /**
     * The value of {@code bytes}; never called with null.
     *
     * @throws SchemaException if the bytes are not a value of this schema
     */
    T decode(byte[] bytes);

    /** A value that does not fit its schema. Unchecked: it comes from inside encode/decode. */
    final class SchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SchemaException(String message) {
            super(message);
        }

        public SchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@link Schema#JSON(Class)}: Jackson's ObjectMapper is thread-safe once configured. */
    final class JsonSchema<T> implements Schema<T> {
        private final Class<T> type;
        private final ObjectMapper mapper;

        JsonSchema(Class<T> type, ObjectMapper mapper) {
            this.type = Objects.requireNonNull(type, "type");
            this.mapper = mapper;
        }

        @Override
        public byte[] encode(T value) {
            try {
                return mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SchemaException("cannot write " + type.getName() + " as JSON", e);
            }
        }

        @Override
        public T decode(byte[] bytes) {
            try {
                return mapper.readValue(bytes, type);
            } catch (IOException e) {
                throw new SchemaException("not a JSON " + type.getName() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Schema.JSON(" + type.getName() + ")";
        }
    }
}
