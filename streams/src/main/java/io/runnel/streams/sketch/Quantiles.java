package io.runnel.streams.sketch;

import java.util.List;

/**
 * The result of a quantiles sketch: for each requested normalized rank (0.5 = median, 0.99 = p99) the estimated
 * value, over {@code count} values. {@code rankError} is the sketch's normalized rank error (99% confidence): the
 * true rank of each reported value is within {@code rank +- rankError}. Values are NaN when nothing was added.
 */
public record Quantiles(long count, List<Double> ranks, List<Double> values, double rankError) {
    public Quantiles {
        ranks = List.copyOf(ranks);
        values = List.copyOf(values);
    }

    /** The estimated value at a rank that was requested. */
    public double valueAt(double rank) {
        int i = ranks.indexOf(rank);
        if (i < 0) {
            throw new IllegalArgumentException("rank " + rank + " was not requested; requested " + ranks);
        }
        return values.get(i);
    }
}
