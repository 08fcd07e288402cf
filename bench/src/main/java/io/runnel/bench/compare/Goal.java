package io.runnel.bench.compare;

import java.util.Locale;
import java.util.Map;

/**
 * A target from issue 4 for one workload's metric: either a ratio to Kafka's median (Runnel/Kafka at least
 * {@code value}) or an absolute bound on Runnel's median (at most {@code value}). Reported, never asserted.
 *
 * @param ratio true: Runnel/Kafka >= value; false: Runnel <= value
 */
record Goal(boolean ratio, double value) {

    private static final Map<String, Goal> GOALS = Map.of(
            "produce-p1-acks1/" + Metric.RECORDS_PER_SEC, new Goal(true, 1.7),
            "produce-p8-acks1/" + Metric.RECORDS_PER_SEC, new Goal(true, 1.7),
            "produce-p1-acksall/" + Metric.RECORDS_PER_SEC, new Goal(true, 1.7),
            "produce-p8-acksall/" + Metric.RECORDS_PER_SEC, new Goal(true, 1.7),
            "produce-fixed-20k/" + Metric.LATENCY_P99, new Goal(false, 5),
            "produce-fixed-20k/" + Metric.LATENCY_P999, new Goal(false, 10),
            "e2e-10k/" + Metric.LATENCY_P99, new Goal(false, 2),
            "catchup/" + Metric.RECORDS_PER_SEC, new Goal(true, 1.5),
            Workload.NODE + "/" + Metric.START_MS, new Goal(false, 500),
            Workload.NODE + "/" + Metric.RSS_MB, new Goal(false, 300));

    static Goal of(String workload, Metric metric) {
        return GOALS.get(workload + "/" + metric);
    }

    /** Whether the goal is met, or null when a figure is missing. */
    Boolean met(Double runnel, Double kafka) {
        if (runnel == null) {
            return null;
        }
        if (ratio) {
            return kafka == null || kafka == 0 ? null : runnel / kafka >= value;
        }
        return runnel <= value;
    }

    String describe() {
        return ratio ? String.format(Locale.ROOT, ">= %.1fx", value) : String.format(Locale.ROOT, "<= %s", CompareReport.format(value));
    }
}
