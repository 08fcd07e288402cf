package io.runnel.streams.serde;

/**
 * Converts values of one type to and from bytes. A null value serializes to null (a Kafka null, a tombstone on a
 * compacted topic) and null bytes deserialize to null. Implementations must be stateless or thread-safe: one
 * instance is shared by every task of a pipeline.
 *
 * @param <T> the Java type
 */
public interface Serde<T> {
    byte[] serialize(T value);

    T deserialize(byte[] bytes);

    /**
     * Reads the {@code length} bytes of {@code array} from {@code offset} (a record inside a fetched batch, read
     * without a copy of its own). The range is only valid during the call: keep copies, never the array. The default
     * copies the range into {@link #deserialize(byte[])}; a serde that reads in place overrides it.
     */
    default T deserialize(byte[] array, int offset, int length) {
        return deserialize(java.util.Arrays.copyOfRange(array, offset, offset + length));
    }

    /**
     * Reads in place as {@link #deserialize(byte[], int, int)} does, and sets {@code exact} to whether
     * {@link #serialize} of the value gives back exactly these bytes: then a sink writing the value unchanged may copy
     * them instead. Only for serdes whose values are immutable (the bytes stand for the value as read). The default
     * says not exact.
     */
    default T deserialize(byte[] array, int offset, int length, ExactRead exact) {
        exact.exact(false);
        return deserialize(array, offset, length);
    }

    /** A serde from two functions, for user-defined formats. */
    static <T> Serde<T> of(java.util.function.Function<T, byte[]> serializer,
                           java.util.function.Function<byte[], T> deserializer) {
        return new Serde<>() {
            @Override
            public byte[] serialize(T value) {
                return value == null ? null : serializer.apply(value);
            }

            @Override
            public T deserialize(byte[] bytes) {
                return bytes == null ? null : deserializer.apply(bytes);
            }
        };
    }
}
