package io.runnel.streams;

/**
 * A key scoped to one window: the output key of a windowed aggregation. {@code start} is inclusive and
 * {@code end} exclusive, both epoch milliseconds of event time.
 */
public record Windowed<K>(K key, long start, long end) {
}
