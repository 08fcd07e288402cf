package io.runnel.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency samples in microseconds, recorded from any thread (producer I/O threads, consumer threads) into an
 * HdrHistogram {@link Recorder}, and folded into a cumulative histogram on demand for the progress line and the
 * final summary. Values above one hour are clamped to one hour.
 *
 * <p>Thread-safe: {@link #recordNs} is wait-free (the Recorder's writer side); {@link #snapshot()} is guarded
 * by this object's monitor.
 */
public final class LatencyStats {

    static final long HIGHEST_US = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_US, SIGNIFICANT_DIGITS);
    private final Histogram cumulative = new Histogram(HIGHEST_US, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** Records one latency given in nanoseconds; negative values (clock skew) count as 0. */
    public void recordNs(long latencyNs) {
        long us = Math.min(HIGHEST_US, Math.max(0, latencyNs / 1_000));
        recorder.recordValue(us);
    }

    /** Folds everything recorded so far into the cumulative histogram and returns a summary of it. */
    public synchronized LatencySummary snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        return LatencySummary.of(cumulative);
    }
}
