package io.runnel.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one side of a run (producer acks, or records consumed): how many records and bytes were measured,
 * their latencies, when the last one completed, and failures. Samples whose send time is before
 * {@code measureFromNs} (the warm-up) are counted in {@link #succeededAll()} only.
 *
 * <p>Thread-safe: updated concurrently by producer I/O threads or a consumer thread, read by the progress
 * reporter and the runner (adders, atomics and the wait-free {@link LatencyStats}).
 */
public final class LoadMeter {

    private volatile long measureFromNs;
    private final LongAdder succeededAll = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong lastCompletionNs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final LatencyStats latency = new LatencyStats();

    /** @param measureFromNs records sent before this nanoTime are warm-up and not measured */
    public LoadMeter(long measureFromNs) {
        this.measureFromNs = measureFromNs;
    }

    /** One record completed (acked or consumed) at {@code nowNs}; it had been sent at {@code sentNs}. */
    public void onRecord(int valueBytes, long sentNs, long nowNs) {
        succeededAll.increment();
        if (sentNs < measureFromNs) {
            return;
        }
        records.increment();
        bytes.add(valueBytes);
        latency.recordNs(nowNs - sentNs);
        lastCompletionNs.accumulateAndGet(nowNs, Math::max);
    }

    /** A record counted for throughput without a latency sample (plain consume). */
    public void onRecordUntimed(int valueBytes, long nowNs) {
        succeededAll.increment();
        records.increment();
        bytes.add(valueBytes);
        lastCompletionNs.accumulateAndGet(nowNs, Math::max);
    }

    public void onError(Throwable error) {
        errors.increment();
        firstError.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /** Moves the start of the measured window (e2e fixes it once the consumer is positioned). */
    public void measureFrom(long nowNs) {
        this.measureFromNs = nowNs;
    }

    public long measureFromNs() {
        return measureFromNs;
    }

    /** Every successful completion, warm-up included, failures not. */
    public long succeededAll() {
        return succeededAll.sum();
    }

    public long records() {
        return records.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public String firstError() {
        return firstError.get();
    }

    /** nanoTime of the latest measured completion, or Long.MIN_VALUE when none. */
    public long lastCompletionNs() {
        return lastCompletionNs.get();
    }

    public LatencySummary latency() {
        return latency.snapshot();
    }
}
