package io.runnel.streams.sketch;

import io.runnel.streams.Aggregation;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Factories of the sketch aggregations with explicit accuracy parameters (Aggregations has the defaults). */
public final class Sketches {
    private Sketches() {
    }

    /** Distinct count with {@code 2^lgK} HLL buckets, lgK in [4, 21]. */
    public static <V> Aggregation<V, HllSketch, DistinctCount> distinctCount(Function<? super V, ?> field, int lgK) {
        return new HllDistinctCount<>(field, lgK);
    }

    /** Quantiles at the given normalized ranks with KLL accuracy parameter k (larger: more accurate, bigger). */
    public static <V> Aggregation<V, KllDoublesSketch, Quantiles> quantiles(ToDoubleFunction<? super V> field, int k,
                                                                           double... ranks) {
        return new KllQuantiles<>(field, k, ranks);
    }

    /** Top-k frequent items with {@code maxMapSize} counters (a power of two >= 8). */
    public static <V> Aggregation<V, ItemsSketch<String>, TopK> topK(Function<? super V, ?> field, int k,
                                                                     int maxMapSize) {
        return new FrequentItemsTopK<>(field, k, maxMapSize);
    }

    /** Distinct count with 4096 buckets (about 1.6% relative standard error, 2 KiB). */
    public static <V> Aggregation<V, HllSketch, DistinctCount> distinctCount(Function<? super V, ?> field) {
        return distinctCount(field, HllDistinctCount.DEFAULT_LG_K);
    }

    /** Quantiles with k = 200 (normalized rank error about 1.65%). */
    public static <V> Aggregation<V, KllDoublesSketch, Quantiles> quantiles(ToDoubleFunction<? super V> field,
                                                                           double... ranks) {
        return quantiles(field, KllQuantiles.DEFAULT_K, ranks);
    }

    /** Top-k frequent items with 16 counters per requested item (at least 64). */
    public static <V> Aggregation<V, ItemsSketch<String>, TopK> topK(Function<? super V, ?> field, int k) {
        return topK(field, k, FrequentItemsTopK.defaultMapSize(k));
    }
}
