package io.runnel.streams;

import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.sketch.DistinctCount;
import io.runnel.streams.sketch.Quantiles;
import io.runnel.streams.sketch.Sketches;
import io.runnel.streams.sketch.TopK;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/** The built-in aggregations: count, sum, min, max, avg, reduce, custom aggregates and sketches. */
public final class Aggregations {
    private static final Serde<Average> AVERAGE = Serde.of(
            a -> ByteBuffer.allocate(16).putLong(a.count()).putDouble(a.sum()).array(),
            b -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new Average(buf.getLong(), buf.getDouble());
            });

    private Aggregations() {
    }

    public static <V> Aggregation<V, Long, Long> count() {
        return new Simple<>(() -> 0L, (a, v) -> a + 1, Long::sum, Serdes.longs());
    }

    public static <V> Aggregation<V, Double, Double> sum(ToDoubleFunction<V> field) {
        return new Simple<>(() -> 0.0, (a, v) -> a + field.applyAsDouble(v), Double::sum, Serdes.doubles());
    }

    /** Minimum of a field; the accumulator is null until the first value. */
    public static <V> Aggregation<V, Double, Double> min(ToDoubleFunction<V> field) {
        return new Simple<>(() -> null, (a, v) -> a == null ? field.applyAsDouble(v) : Math.min(a, field.applyAsDouble(v)),
                Aggregations::minOf, Serdes.doubles());
    }

    public static <V> Aggregation<V, Double, Double> max(ToDoubleFunction<V> field) {
        return new Simple<>(() -> null, (a, v) -> a == null ? field.applyAsDouble(v) : Math.max(a, field.applyAsDouble(v)),
                Aggregations::maxOf, Serdes.doubles());
    }

    public static <V> Aggregation<V, Average, Average> avg(ToDoubleFunction<V> field) {
        return new Simple<>(() -> new Average(0, 0.0),
                (a, v) -> new Average(a.count() + 1, a.sum() + field.applyAsDouble(v)),
                (l, r) -> new Average(l.count() + r.count(), l.sum() + r.sum()), AVERAGE);
    }

    /** Combines values pairwise; {@code valueSerde} stores the running value. */
    public static <V> Aggregation<V, V, V> reduce(BinaryOperator<V> reducer, Serde<V> valueSerde) {
        return new Simple<>(() -> null, (a, v) -> a == null ? v : reducer.apply(a, v),
                (l, r) -> l == null ? r : r == null ? l : reducer.apply(l, r), valueSerde);
    }

    /** A custom aggregate; {@code merger} may be null when no session window uses it. */
    public static <V, A> Aggregation<V, A, A> aggregate(Supplier<A> init, BiFunction<A, V, A> adder,
                                                      BinaryOperator<A> merger, Serde<A> accumulatorSerde) {
        return new Simple<>(init, adder, merger, accumulatorSerde);
    }

    /** Approximate distinct count of a field (HLL sketch; see {@link Sketches} for the accuracy parameter). */
    public static <V> Aggregation<V, HllSketch, DistinctCount> distinctCount(Function<? super V, ?> field) {
        return Sketches.distinctCount(field);
    }

    /** Approximate quantiles of a field at normalized ranks, e.g. {@code quantiles(fn, 0.5, 0.99)} (KLL sketch). */
    public static <V> Aggregation<V, KllDoublesSketch, Quantiles> quantiles(ToDoubleFunction<? super V> field,
                                                                           double... ranks) {
        return Sketches.quantiles(field, ranks);
    }

    /** Approximate top-k most frequent values of a field (frequent-items sketch). */
    public static <V> Aggregation<V, ItemsSketch<String>, TopK> topK(Function<? super V, ?> field, int k) {
        return Sketches.topK(field, k);
    }

    /** Maps the result of an aggregation, keeping its accumulator. */
    public static <V, A, R, S> Aggregation<V, A, S> mapResult(Aggregation<V, A, R> inner, Function<R, S> fn) {
        return new Aggregation<>() {
            @Override
            public A init() {
                return inner.init();
            }

            @Override
            public A add(A accumulator, V value) {
                return inner.add(accumulator, value);
            }

            @Override
            public A merge(A left, A right) {
                return inner.merge(left, right);
            }

            @Override
            public S result(A accumulator) {
                return fn.apply(inner.result(accumulator));
            }

            @Override
            public Serde<A> accumulatorSerde() {
                return inner.accumulatorSerde();
            }
        };
    }

    private static Double minOf(Double l, Double r) {
        return l == null ? r : r == null ? l : Math.min(l, r);
    }

    private static Double maxOf(Double l, Double r) {
        return l == null ? r : r == null ? l : Math.max(l, r);
    }

    /** An aggregation whose result is its accumulator. */
    private record Simple<V, A>(Supplier<A> initFn, BiFunction<A, V, A> adder, BinaryOperator<A> merger,
                                Serde<A> serde) implements Aggregation<V, A, A> {
        @Override
        public A init() {
            return initFn.get();
        }

        @Override
        public A add(A accumulator, V value) {
            return adder.apply(accumulator, value);
        }

        @Override
        public A merge(A left, A right) {
            if (merger == null) {
                return Aggregation.super.merge(left, right);
            }
            return merger.apply(left, right);
        }

        @Override
        public A result(A accumulator) {
            return accumulator;
        }

        @Override
        public Serde<A> accumulatorSerde() {
            return serde;
        }
    }
}
