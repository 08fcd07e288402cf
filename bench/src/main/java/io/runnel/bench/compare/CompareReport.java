package io.runnel.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns result rows into medians per system, workload and metric, Runnel/Kafka ratios, goal checks, and the
 * markdown table of docs/benchmarks.md. Failed rows are left out of medians and listed. Immutable.
 */
final class CompareReport {

    static final String KAFKA = "kafka";
    static final String RUNNEL = "runnel";

    private final List<Map<String, Object>> rows;
    private final List<Workload> workloads;

    CompareReport(List<Map<String, Object>> rows, List<Workload> workloads) {
        this.rows = List.copyOf(rows);
        this.workloads = List.copyOf(workloads);
    }

    /** The measured values of every successful round, in round order. */
    List<Double> values(String system, String workload, Metric metric) {
        List<Double> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (system.equals(r.get("system")) && workload.equals(r.get("workload"))
                    && !Boolean.TRUE.equals(r.get("failed")) && r.get(metric.field) instanceof Number) {
                out.add(((Number) r.get(metric.field)).doubleValue());
            }
        }
        return out;
    }

    /** Median of the successful rounds, or null when there is none. */
    Double median(String system, String workload, Metric metric) {
        return median(values(system, workload, metric));
    }

    static Double median(List<Double> values) {
        return io.runnel.bench.Stats.median(values);
    }

    /** Runnel/Kafka of the medians, or null. */
    Double ratio(String workload, Metric metric) {
        Double k = median(KAFKA, workload, metric);
        Double r = median(RUNNEL, workload, metric);
        return k == null || r == null || k == 0 ? null : r / k;
    }

    int rounds() {
        return rows.stream().mapToInt(r -> r.get("round") instanceof Number ? ((Number) r.get("round")).intValue() : 0)
                .max().orElse(0);
    }

    /** The markdown table: one line per workload metric, then the node figures. */
    String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | metric | Kafka 4.4.0 | Runnel | Runnel/Kafka | goal | rounds Kafka / Runnel |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Workload w : workloads) {
            // The title only on a workload's first line keeps the table readable.
            String title = w.title();
            for (Metric m : w.metrics()) {
                line(sb, w.id(), title, m);
                title = "";
            }
            if (w.metrics().contains(Metric.LATENCY_P99) && (!values(KAFKA, w.id(), Metric.STEAL_PCT).isEmpty()
                    || !values(RUNNEL, w.id(), Metric.STEAL_PCT).isEmpty())) {
                line(sb, w.id(), "", Metric.STEAL_PCT);
            }
        }
        line(sb, Workload.NODE, "broker node", Metric.START_MS);
        line(sb, Workload.NODE, "", Metric.RSS_MB);
        return sb.toString();
    }

    private void line(StringBuilder sb, String workload, String title, Metric m) {
        Double k = median(KAFKA, workload, m);
        Double r = median(RUNNEL, workload, m);
        Double ratio = m == Metric.STEAL_PCT ? null : ratio(workload, m);
        Goal goal = Goal.of(workload, m);
        String goalText = "";
        if (goal != null) {
            Boolean met = goal.met(r, k);
            goalText = goal.describe() + (met == null ? "" : met ? " met" : " not met");
        }
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s / %s |%n", title, m.label, fmt(k), fmt(r),
                ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio), goalText,
                list(values(KAFKA, workload, m)), list(values(RUNNEL, workload, m))));
    }

    /** Failed rows as "system round workload: error" lines. */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (Boolean.TRUE.equals(r.get("failed"))) {
                String error = Objects.toString(r.get("error"), "");
                int nl = error.indexOf('\n');
                out.add(r.get("system") + " round " + r.get("round") + " " + r.get("workload") + ": "
                        + (nl < 0 ? error : error.substring(0, nl)));
            }
        }
        return out;
    }

    /** "min-max" of the load averages recorded around each node's round, or null when none was recorded. */
    String loadAverageRange() {
        double min = Double.MAX_VALUE;
        double max = -1;
        for (Map<String, Object> r : rows) {
            for (String key : new String[] {"loadAvgBefore", "loadAvgAfter"}) {
                if (r.get(key) instanceof Number) {
                    double v = ((Number) r.get(key)).doubleValue();
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max < 0 ? null : String.format(Locale.ROOT, "%.1f-%.1f", min, max);
    }

    /** "min-max" of the CPU steal recorded per workload run, in percent, or null when none was recorded. */
    String stealRange() {
        double min = Double.MAX_VALUE;
        double max = -1;
        for (Map<String, Object> r : rows) {
            if (r.get("stealPct") instanceof Number n) {
                min = Math.min(min, n.doubleValue());
                max = Math.max(max, n.doubleValue());
            }
        }
        return max < 0 ? null : String.format(Locale.ROOT, "%.1f-%.1f%%", min, max);
    }

    List<Workload> workloads() {
        return workloads;
    }

    private static String list(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (Double v : values) {
            parts.add(format(v));
        }
        return String.join(", ", parts);
    }

    private static String fmt(Double v) {
        return v == null ? "-" : format(v);
    }

    /** Compact figures: thousands separated above 1000, fewer decimals as values grow. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
