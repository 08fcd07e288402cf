package io.runnel.bench.load;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one progress line per second: records/s and MB/s over the last second, p50/p99 so far, totals.
 *
 * <p>Owns one daemon scheduler thread; {@link #close()} stops it. The meter it reads is thread-safe.
 */
public final class ProgressReporter implements AutoCloseable {

    private final LoadMeter meter;
    private final PrintWriter out;
    private final long startNs;
    private final boolean timed;
    private final ScheduledExecutorService scheduler;
    private long lastRecords;
    private long lastBytes;
    private long lastNs;

    /**
     * @param timed whether the meter records latencies (the line shows p50/p99 only then)
     */
    public ProgressReporter(LoadMeter meter, PrintWriter out, boolean timed) {
        this.meter = meter;
        this.out = out;
        this.timed = timed;
        this.startNs = System.nanoTime();
        this.lastNs = startNs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }

    private void report() {
        long nowNs = System.nanoTime();
        long records = meter.records();
        long bytes = meter.bytes();
        out.println(line(nowNs - startNs, records - lastRecords, bytes - lastBytes, nowNs - lastNs, records,
                timed ? meter.latency() : LatencySummary.EMPTY, meter.errors()));
        lastRecords = records;
        lastBytes = bytes;
        lastNs = nowNs;
    }

    /** The progress line; package-private for tests. */
    static String line(long sinceStartNs, long deltaRecords, long deltaBytes, long deltaNs, long totalRecords,
                       LatencySummary latency, long errors) {
        double secs = Math.max(deltaNs, 1) / 1e9;
        StringBuilder sb = new StringBuilder(96);
        sb.append(String.format(Locale.ROOT, "[%4ds] %,10.0f rec/s %8.2f MB/s", sinceStartNs / 1_000_000_000L,
                deltaRecords / secs, deltaBytes / secs / LoadResult.MB));
        if (!latency.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "  p50 %s ms  p99 %s ms", LoadResult.ms(latency.msP50()),
                    LoadResult.ms(latency.msP99())));
        }
        sb.append(String.format(Locale.ROOT, "  total %,d", totalRecords));
        if (errors > 0) {
            sb.append(String.format(Locale.ROOT, "  errors %,d", errors));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
