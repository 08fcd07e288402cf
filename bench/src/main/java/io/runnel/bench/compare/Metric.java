package io.runnel.bench.compare;

/**
 * A figure the comparison reports, read from a result row's field. {@code higherIsBetter} decides which way a
 * Runnel/Kafka ratio is good.
 */
enum Metric {
    RECORDS_PER_SEC("recordsPerSec", "records/s", true),
    MB_PER_SEC("mbPerSec", "MB/s", true),
    LATENCY_P50("latencyMsP50", "p50 ms", false),
    LATENCY_P99("latencyMsP99", "p99 ms", false),
    LATENCY_P999("latencyMsP999", "p99.9 ms", false),
    START_MS("startMs", "start-to-listening ms", false),
    RSS_MB("rssMb", "RSS after run MB", false),
    /** Not a broker figure: the host's CPU steal during the run, printed under latency rows to read them by. */
    STEAL_PCT("stealPct", "CPU steal during the run, %", false);

    final String field;
    final String label;
    final boolean higherIsBetter;

    Metric(String field, String label, boolean higherIsBetter) {
        this.field = field;
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }
}
