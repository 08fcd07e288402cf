package io.runnel.streams.sketch;

/**
 * The result of a distinct-count sketch: the estimate and the bounds within which the exact count lies with 99.7%
 * confidence (three standard deviations, as the HLL sketch reports them).
 */
public record DistinctCount(double estimate, double lowerBound, double upperBound) {
    /** The estimate rounded to a whole count. */
    public long count() {
        return Math.round(estimate);
    }
}
