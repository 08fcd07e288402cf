package io.runnel.bench.load;

import org.HdrHistogram.AbstractHistogram;

/**
 * The percentiles the tool reports, in milliseconds (from microsecond samples). An empty histogram gives
 * {@link #EMPTY} whose values are NaN, printed as "-" and written to JSON as null.
 *
 * @param count  samples
 * @param msP50  median
 * @param msP99  99th percentile
 * @param msP999 99.9th percentile
 * @param msMax  largest sample
 * @param msMean mean
 */
public record LatencySummary(long count, double msP50, double msP99, double msP999, double msMax, double msMean) {

    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Summarises a histogram of microsecond values. */
    public static LatencySummary of(AbstractHistogram histogramUs) {
        if (histogramUs.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                histogramUs.getTotalCount(),
                histogramUs.getValueAtPercentile(50.0) / 1000.0,
                histogramUs.getValueAtPercentile(99.0) / 1000.0,
                histogramUs.getValueAtPercentile(99.9) / 1000.0,
                histogramUs.getMaxValue() / 1000.0,
                histogramUs.getMean() / 1000.0);
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
