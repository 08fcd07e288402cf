package io.runnel.streams.sketch;

import io.runnel.streams.Aggregation;
import io.runnel.streams.serde.Serde;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Quantiles of a numeric field with a KLL sketch of accuracy parameter k (normalized rank error about 1.65% at the
 * default k 200, 99% confidence). Stateless: the sketch is the accumulator.
 */
final class KllQuantiles<V> implements Aggregation<V, KllDoublesSketch, Quantiles> {
    static final int DEFAULT_K = 200;

    private final ToDoubleFunction<? super V> field;
    private final int k;
    private final double[] ranks;
    private final Serde<KllDoublesSketch> serde = Serde.of(KllDoublesSketch::toByteArray,
            b -> KllDoublesSketch.heapify(Memory.wrap(b)));

    KllQuantiles(ToDoubleFunction<? super V> field, int k, double... ranks) {
        if (ranks.length == 0) {
            throw new IllegalArgumentException("name at least one rank, e.g. 0.5 and 0.99");
        }
        for (double r : ranks) {
            if (!(r >= 0.0 && r <= 1.0)) {
                throw new IllegalArgumentException("ranks are in [0, 1], was " + r);
            }
        }
        this.field = field;
        this.k = k;
        this.ranks = ranks.clone();
    }

    @Override
    public KllDoublesSketch init() {
        return KllDoublesSketch.newHeapInstance(k);
    }

    @Override
    public KllDoublesSketch add(KllDoublesSketch sketch, V value) {
        double v = field.applyAsDouble(value);
        if (!Double.isNaN(v)) {
            sketch.update(v);
        }
        return sketch;
    }

    @Override
    public KllDoublesSketch merge(KllDoublesSketch left, KllDoublesSketch right) {
        left.merge(right);
        return left;
    }

    @Override
    public Quantiles result(KllDoublesSketch sketch) {
        List<Double> rankList = new ArrayList<>(ranks.length);
        List<Double> values = new ArrayList<>(ranks.length);
        for (double r : ranks) {
            rankList.add(r);
            values.add(sketch.isEmpty() ? Double.NaN : sketch.getQuantile(r));
        }
        return new Quantiles(sketch.getN(), rankList, values, sketch.getNormalizedRankError(false));
    }

    @Override
    public Serde<KllDoublesSketch> accumulatorSerde() {
        return serde;
    }
}
