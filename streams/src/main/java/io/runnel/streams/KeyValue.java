package io.runnel.streams;

/** A key and a value, returned by {@link Stream#map} and {@link Stream#flatMap} functions. */
public record KeyValue<K, V>(K key, V value) {
    public static <K, V> KeyValue<K, V> of(K key, V value) {
        return new KeyValue<>(key, value);
    }
}
