package io.runnel.streams;

/** Reads the event time (epoch ms) of a record, for example from a JSON field. */
@FunctionalInterface
public interface TimestampExtractor<K, V> {
    long extract(K key, V value, long recordTimestampMs);
}
