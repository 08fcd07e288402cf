package io.runnel.streams.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Aggregation;
import io.runnel.streams.Aggregations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Each sketch aggregation against the exact answer on random data, within the bound the sketch itself reports:
 * HLL's 3-standard-deviation bounds (99.7%), KLL's normalized rank error (99%), the frequent-items sketch's
 * deterministic per-item bounds. The sketches go through their serde after every half of the input and are split
 * into partitions merged at the end, as a store and a merge of windows or partitions would. Fixed seeds keep the
 * HLL and frequent-items properties deterministic; KLL compacts with its own randomness.
 */
class SketchAggregationProperties {

    private static <V, A, R> A run(Aggregation<V, A, R> agg, List<V> values, int partitions) {
        List<A> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(agg.init());
        }
        for (int i = 0; i < values.size(); i++) {
            int p = i % partitions;
            A acc = agg.add(parts.get(p), values.get(i));
            if (i == values.size() / 2) {
                acc = agg.accumulatorSerde().deserialize(agg.accumulatorSerde().serialize(acc));
            }
            parts.set(p, acc);
        }
        A merged = parts.get(0);
        for (int p = 1; p < partitions; p++) {
            merged = agg.merge(merged, parts.get(p));
        }
        return agg.accumulatorSerde().deserialize(agg.accumulatorSerde().serialize(merged));
    }

    @Property(tries = 60, seed = "7001")
    void distinctCountWithinThreeStdDevs(@ForAll @IntRange(min = 0, max = 60_000) int n,
                                         @ForAll @IntRange(min = 1, max = 1_000_000) int range,
                                         @ForAll @IntRange(min = 1, max = 4) int partitions,
                                         @ForAll long seed) {
        Random random = new Random(seed);
        List<Long> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add((long) random.nextInt(range));
        }
        Aggregation<Long, ?, DistinctCount> agg = Aggregations.distinctCount(v -> v);
        DistinctCount result = resultOf(agg, values, partitions);
        long exact = new HashSet<>(values).size();
        assertThat((double) exact).isBetween(result.lowerBound(), result.upperBound());
    }

    @Property(tries = 60)
    void quantilesWithinNormalizedRankError(@ForAll @IntRange(min = 1, max = 50_000) int n,
                                            @ForAll @IntRange(min = 1, max = 4) int partitions,
                                            @ForAll long seed) {
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(random.nextGaussian() * 100 + (random.nextInt(10) == 0 ? 1_000 : 0));
        }
        Aggregation<Double, ?, Quantiles> agg = Aggregations.quantiles(v -> v, 0.5, 0.99);
        Quantiles result = resultOf(agg, values, partitions);
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertThat(result.count()).isEqualTo(n);
        for (double rank : List.of(0.5, 0.99)) {
            double q = result.valueAt(rank);
            // The true normalized rank of q: the fraction of values below it, and at or below it (ties).
            double below = lowerIndex(sorted, q) / (double) n;
            double atOrBelow = upperIndex(sorted, q) / (double) n;
            assertThat(below).isLessThanOrEqualTo(rank + result.rankError());
            assertThat(atOrBelow).isGreaterThanOrEqualTo(rank - result.rankError());
        }
    }

    @Property(tries = 60, seed = "7002")
    void topKWithinItemBounds(@ForAll @IntRange(min = 0, max = 40_000) int n,
                              @ForAll @IntRange(min = 1, max = 5_000) int distinct,
                              @ForAll @IntRange(min = 1, max = 20) int k,
                              @ForAll @IntRange(min = 1, max = 4) int partitions,
                              @ForAll long seed) {
        Random random = new Random(seed);
        List<String> values = new ArrayList<>(n);
        Map<String, Long> exact = new HashMap<>();
        for (int i = 0; i < n; i++) {
            // Zipf-like: small ids are frequent.
            String item = "i" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * distinct);
            values.add(item);
            exact.merge(item, 1L, Long::sum);
        }
        TopK result = resultOf(Aggregations.topK(v -> v, k), values, partitions);
        assertThat(result.total()).isEqualTo(n);
        assertThat(result.items()).hasSizeLessThanOrEqualTo(k);
        for (TopK.ItemCount item : result.items()) {
            long truth = exact.getOrDefault(item.item(), 0L);
            assertThat(truth).isBetween(item.lowerBound(), item.upperBound());
        }
        // No false negatives: an item more frequent than the reported error is either listed or beaten by k items
        // whose lower bounds are at least its count.
        for (Map.Entry<String, Long> e : exact.entrySet()) {
            if (e.getValue() > result.maxError() && result.items().stream().noneMatch(i -> i.item().equals(e.getKey()))) {
                assertThat(result.items()).hasSize(k);
                assertThat(result.items().get(k - 1).upperBound()).isGreaterThanOrEqualTo(e.getValue());
            }
        }
    }

    @Property(tries = 20, seed = "7003")
    void emptyAndSingleValueSketchesRoundTrip(@ForAll @LongRange(min = -1000, max = 1000) long v) {
        DistinctCount one = resultOf(Aggregations.<Long>distinctCount(x -> x), List.of(v, v, v), 2);
        assertThat(one.count()).isEqualTo(1);
        Quantiles none = resultOf(Aggregations.<Double>quantiles(x -> x, 0.5), List.of(), 1);
        assertThat(none.count()).isZero();
        assertThat(none.values()).allMatch(d -> Double.isNaN(d));
        TopK top = resultOf(Aggregations.<Long>topK(x -> x, 3), List.of(v, v), 1);
        assertThat(top.items()).extracting(TopK.ItemCount::item, TopK.ItemCount::estimate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Long.toString(v), 2L));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <V, R> R resultOf(Aggregation<V, ?, R> agg, List<V> values, int partitions) {
        Aggregation raw = agg;
        return (R) raw.result(run(raw, values, partitions));
    }

    private static int lowerIndex(double[] sorted, double q) {
        int i = Arrays.binarySearch(sorted, q);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == q) {
            i--;
        }
        return i;
    }

    private static int upperIndex(double[] sorted, double q) {
        int i = Arrays.binarySearch(sorted, q);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length && sorted[i] == q) {
            i++;
        }
        return i;
    }
}
