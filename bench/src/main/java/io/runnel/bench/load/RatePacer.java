package io.runnel.bench.load;

/**
 * A fixed-rate schedule: record {@code i} is due at {@code startNs + i / rate}. The sender asks how many records
 * are due now and sends them all at once (catch-up after a stall, so a slow broker cannot lower the offered
 * load), then parks until the next due time. The thread therefore sleeps once per burst, not once per record:
 * at high rates a single wake-up sends many records. With rate 0 every record is due immediately (max rate).
 *
 * <p>Latency is measured from {@link #dueNs(long)}, the intended send time, so time a record spent waiting
 * behind a stalled send counts (no coordinated omission).
 *
 * <p>Owned by one producer thread; not thread-safe. Pure arithmetic on the nanoTime values passed in.
 */
public final class RatePacer {

    private final long startNs;
    private final double periodNs;

    /**
     * @param recordsPerSec target rate; 0 means unpaced
     * @param startNs       time of record 0, from the same clock as the times passed later
     */
    public RatePacer(double recordsPerSec, long startNs) {
        if (recordsPerSec < 0 || !Double.isFinite(recordsPerSec)) {
            throw new IllegalArgumentException("rate must be >= 0, got " + recordsPerSec);
        }
        this.startNs = startNs;
        this.periodNs = recordsPerSec == 0 ? 0 : 1e9 / recordsPerSec;
    }

    /** The intended send time of record {@code index} (0-based). */
    public long dueNs(long index) {
        return startNs + (long) (index * periodNs);
    }

    /**
     * How many records, counted from 0, are due at {@code nowNs}: every index {@code i} with
     * {@code dueNs(i) <= nowNs}. Unpaced: {@link Long#MAX_VALUE}.
     */
    public long dueCount(long nowNs) {
        if (periodNs == 0) {
            return Long.MAX_VALUE;
        }
        if (nowNs < startNs) {
            return 0;
        }
        long count = (long) ((nowNs - startNs) / periodNs) + 1;
        // Floating point may put the boundary one record off; settle it against dueNs itself.
        if (count > 0 && dueNs(count - 1) > nowNs) {
            count--;
        } else if (dueNs(count) <= nowNs) {
            count++;
        }
        return count;
    }

    /** Nanoseconds from {@code nowNs} until record {@code nextIndex} is due; 0 when already due. */
    public long waitNs(long nextIndex, long nowNs) {
        return Math.max(0, dueNs(nextIndex) - nowNs);
    }
}
