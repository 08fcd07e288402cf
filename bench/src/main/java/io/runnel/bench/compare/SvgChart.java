package io.runnel.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the comparison as a self-contained SVG (no fonts, scripts or libraries): a throughput panel (median
 * records/s per workload, linear scale) and a latency panel (median p50/p99/p99.9 in ms, log scale, since
 * tails are orders of magnitude above medians), Kafka and Runnel side by side with the value written at each
 * bar's end. Stateless apart from the report it reads.
 */
final class SvgChart {

    private static final int WIDTH = 960;
    private static final int LABEL_WIDTH = 200;
    private static final int BAR_AREA = 600;
    private static final int BAR_HEIGHT = 13;
    private static final int GROUP_GAP = 10;
    private static final String KAFKA_COLOUR = "#5b7fa6";
    private static final String RUNNEL_COLOUR = "#e4572e";

    private final CompareReport report;

    SvgChart(CompareReport report) {
        this.report = report;
    }

    /** A bar group: one category with the Kafka and Runnel medians (either may be null). */
    private record Group(String label, Double kafka, Double runnel) {
    }

    String render(String subtitle) {
        List<Group> throughput = new ArrayList<>();
        List<Group> latency = new ArrayList<>();
        for (Workload w : report.workloads()) {
            if (w.metrics().contains(Metric.RECORDS_PER_SEC)) {
                throughput.add(group(w.id(), w.label(), Metric.RECORDS_PER_SEC));
            }
            for (Metric m : List.of(Metric.LATENCY_P50, Metric.LATENCY_P99, Metric.LATENCY_P999)) {
                if (w.metrics().contains(m)) {
                    latency.add(group(w.id(), w.label() + " " + m.label.replace(" ms", ""), m));
                }
            }
        }
        StringBuilder body = new StringBuilder();
        int y = 70;
        if (!throughput.isEmpty()) {
            y = panel(body, y, "Throughput, records/s (median; higher is better)", throughput, false);
        }
        if (!latency.isEmpty()) {
            y = panel(body, y + 20, "Latency, ms (median of rounds; log scale; lower is better)", latency, true);
        }
        int height = y + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append("<text x=\"20\" y=\"26\" font-size=\"16\" font-weight=\"bold\">Runnel vs Apache Kafka 4.4.0</text>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"44\" fill=\"#555\">%s</text>%n", escape(subtitle)));
        legend(svg, WIDTH - 220, 22, KAFKA_COLOUR, "Kafka 4.4.0");
        legend(svg, WIDTH - 110, 22, RUNNEL_COLOUR, "Runnel");
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private Group group(String workload, String label, Metric m) {
        return new Group(label, report.median(CompareReport.KAFKA, workload, m), report.median(CompareReport.RUNNEL, workload, m));
    }

    private static int panel(StringBuilder sb, int y, String title, List<Group> groups, boolean log) {
        sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y, escape(title)));
        y += 12;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Group g : groups) {
            for (Double v : new Double[] {g.kafka, g.runnel}) {
                if (v != null && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        double logMin = log && max > 0 ? Math.floor(Math.log10(min)) : 0;
        double logMax = log && max > 0 ? Math.max(logMin + 1, Math.ceil(Math.log10(max))) : 0;
        int x0 = 20 + LABEL_WIDTH;
        int top = y;
        for (Group g : groups) {
            int groupHeight = 2 * BAR_HEIGHT + 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\">%s</text>%n", y + BAR_HEIGHT + 5, escape(g.label)));
            bar(sb, x0, y, g.kafka, max, log, logMin, logMax, KAFKA_COLOUR);
            bar(sb, x0, y + BAR_HEIGHT + 2, g.runnel, max, log, logMin, logMax, RUNNEL_COLOUR);
            y += groupHeight + GROUP_GAP;
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", x0, top - 4, x0, y - GROUP_GAP));
        if (log && max > 0) {
            for (double d = logMin; d <= logMax; d++) {
                int x = x0 + (int) Math.round((d - logMin) / (logMax - logMin) * BAR_AREA);
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top - 4, x, y - GROUP_GAP));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#777\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
                        x, y + 2, CompareReport.format(Math.pow(10, d))));
            }
            y += 10;
        }
        return y;
    }

    private static void bar(StringBuilder sb, int x0, int y, Double v, double max, boolean log, double logMin, double logMax,
                            String colour) {
        if (v == null) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\" font-size=\"11\">no result</text>%n", x0 + 4, y + BAR_HEIGHT - 2));
            return;
        }
        double fraction;
        if (max <= 0) {
            fraction = 0;
        } else if (log) {
            fraction = v <= 0 ? 0 : (Math.log10(v) - logMin) / (logMax - logMin);
        } else {
            fraction = v / max;
        }
        int w = Math.max(1, (int) Math.round(Math.min(1, Math.max(0, fraction)) * BAR_AREA));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", x0, y, w, BAR_HEIGHT, colour));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", x0 + w + 4, y + BAR_HEIGHT - 2,
                CompareReport.format(v)));
    }

    private static void legend(StringBuilder sb, int x, int y, String colour, String text) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, y - 10, colour));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 16, y, escape(text)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
