package io.runnel.bench.nexmark;

import java.util.List;
import java.util.Locale;

/**
 * The record-at-a-time vs micro-batch chart as a self-contained SVG: per processing mode, the median throughput
 * (events/s, linear) and the median latency p50 and p99 (ms, linear), with the value written at each bar's end.
 * Stateless.
 */
final class TradeoffChart {
    /** One processing mode's medians. */
    record Row(String mode, double eventsPerSecond, double p50Ms, double p99Ms) {
    }

    private static final int WIDTH = 900;
    private static final int LABEL = 170;
    private static final int BARS = 600;
    private static final int BAR = 14;
    private static final String THROUGHPUT = "#e4572e";
    private static final String P50 = "#5b7fa6";
    private static final String P99 = "#29335c";

    private TradeoffChart() {
    }

    static String render(String title, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        int height = 80 + rows.size() * (BAR + 8) + 60 + rows.size() * (2 * BAR + 10) + 40;
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        sb.append(text(10, 22, escape(title), "font-size=\"15\" font-weight=\"bold\""));
        int y = 50;
        sb.append(text(10, y, "Throughput (median events/s, catch-up run)", "font-weight=\"bold\""));
        y += 10;
        double maxRate = rows.stream().mapToDouble(Row::eventsPerSecond).max().orElse(1);
        for (Row r : rows) {
            sb.append(text(10, y + BAR - 2, escape(r.mode()), ""));
            bar(sb, y, r.eventsPerSecond(), maxRate, THROUGHPUT, String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond()));
            y += BAR + 8;
        }
        y += 30;
        sb.append(text(10, y, "Latency, event time to result (median of runs, ms; p50 light, p99 dark)",
                "font-weight=\"bold\""));
        y += 10;
        double maxLatency = rows.stream().mapToDouble(Row::p99Ms).max().orElse(1);
        for (Row r : rows) {
            sb.append(text(10, y + BAR + 2, escape(r.mode()), ""));
            bar(sb, y, r.p50Ms(), maxLatency, P50, String.format(Locale.ROOT, "p50 %,.0f", r.p50Ms()));
            bar(sb, y + BAR, r.p99Ms(), maxLatency, P99, String.format(Locale.ROOT, "p99 %,.0f", r.p99Ms()));
            y += 2 * BAR + 10;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void bar(StringBuilder sb, int y, double value, double max, String colour, String label) {
        double w = max <= 0 || Double.isNaN(value) ? 0 : Math.max(1, value / max * BARS);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                LABEL, y, w, BAR - 1, colour));
        sb.append(text((int) (LABEL + w + 5), y + BAR - 3, label, ""));
    }

    private static String text(int x, int y, String s, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attrs, s);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
