package io.runnel.streams.testing;

/** A record read back from a topic of the {@link PipelineTestDriver}. */
public record TestRecord<K, V>(K key, V value, long timestampMs, int partition) {
}
