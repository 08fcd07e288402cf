/**
 * Approximate aggregates on Apache DataSketches: distinct count (HLL), quantiles (KLL) and top-k frequent items.
 * Each is an {@link io.runnel.streams.Aggregation} whose accumulator is the sketch, stored as the sketch's compact
 * serialized form, so it survives restarts through the changelog and merges across windows and partitions.
 * Created through {@link io.runnel.streams.Aggregations#distinctCount}, {@code quantiles} and {@code topK}.
 */
package io.runnel.streams.sketch;
