package io.runnel.bench.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Draws {@code bench streams} results as a self-contained SVG (no fonts, scripts or libraries): three panels (median
 * events/s from JVM start, median events/s after first output, median peak RSS MiB), each with one bar group per job
 * and one bar per engine the harness ran on that job, the value written at each bar's end and the median of the
 * same-round Runnel / Kafka Streams ratios in the group label. Stateless.
 */
final class StreamsChart {
    private static final int WIDTH = 960;
    private static final int LABEL_WIDTH = 210;
    private static final int BAR_AREA = 600;
    private static final int BAR_HEIGHT = 13;
    private static final int GROUP_GAP = 12;
    private static final Map<String, String> COLOURS = Map.of("runnel", "#e4572e", "runnel-base", "#f4a582",
            "kafka-streams", "#5b7fa6", "bare", "#8c8c8c");
    private static final String OTHER_COLOUR = "#b0b0b0";

    private StreamsChart() {
    }

    /** One panel: its title and the figure it draws (negative where a run has none). */
    private record Panel(String title, ToDoubleFunction<StreamsRun> figure) {
    }

    /**
     * The chart of {@code runs} (successful runs only) for {@code jobs} x {@code engines} in the given orders; an
     * engine the harness ran on a job without a successful run gets a "no result" mark.
     */
    static String render(String title, String subtitle, List<String> jobs, List<String> engines, List<StreamsRun> runs) {
        List<Panel> panels = List.of(
                new Panel("Events/s from JVM start (median; higher is better)", StreamsRun::eventsPerSec),
                new Panel("Events/s after first output (median; start-up and group join excluded; higher is better)",
                        StreamsRun::steadyEventsPerSec),
                new Panel("Peak RSS, MiB (median; lower is better)", r -> r.peakRssMb()));
        StringBuilder body = new StringBuilder();
        int y = 76;
        for (Panel p : panels) {
            y = panel(body, y, p, jobs, engines, runs) + 24;
        }
        int height = y;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(text(20, 26, title, "font-size=\"16\" font-weight=\"bold\""));
        svg.append(text(20, 44, subtitle, "fill=\"#555\""));
        int x = 20;
        for (String engine : engines) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, 52, colour(engine)));
            svg.append(text(x + 16, 62, engine, ""));
            x += 30 + 8 * engine.length();
        }
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int panel(StringBuilder sb, int y, Panel p, List<String> jobs, List<String> engines,
                             List<StreamsRun> runs) {
        sb.append(text(20, y, p.title(), "font-weight=\"bold\""));
        y += 12;
        double max = 0;
        for (StreamsRun r : runs) {
            max = Math.max(max, p.figure().applyAsDouble(r));
        }
        int x0 = 20 + LABEL_WIDTH;
        int top = y;
        for (String job : jobs) {
            List<String> ran = engines.stream().filter(e -> StreamsBenchmark.runs(e, job)).toList();
            if (ran.isEmpty()) {
                continue;
            }
            int groupTop = y;
            for (String engine : ran) {
                bar(sb, x0, y, median(figures(runs, engine, job, p.figure())), max, colour(engine), engine);
                y += BAR_HEIGHT + 2;
            }
            int mid = (groupTop + y) / 2;
            sb.append(text(20, mid, job, "font-weight=\"bold\""));
            Double ratio = ratio(runs, job, p.figure());
            if (ratio != null) {
                sb.append(text(20, mid + 14, String.format(Locale.ROOT, "Runnel / Kafka Streams %.2fx", ratio),
                        "fill=\"#555\" font-size=\"11\""));
            }
            y += GROUP_GAP;
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                x0, top - 4, x0, y - GROUP_GAP));
        return y;
    }

    private static void bar(StringBuilder sb, int x0, int y, Double v, double max, String colour, String engine) {
        if (v == null) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\" font-size=\"11\">%s: no result"
                    + "</text>%n", x0 + 4, y + BAR_HEIGHT - 2, escape(engine)));
            return;
        }
        double fraction = max <= 0 ? 0 : Math.min(1, Math.max(0, v / max));
        int w = Math.max(1, (int) Math.round(fraction * BAR_AREA));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                + "<title>%s</title></rect>%n", x0, y, w, BAR_HEIGHT, colour, escape(engine)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", x0 + w + 4,
                y + BAR_HEIGHT - 2, String.format(Locale.ROOT, "%,.0f", v)));
    }

    /** The engine's figures on the job, one per successful run; runs without the figure (negative) are left out. */
    private static List<Double> figures(List<StreamsRun> runs, String engine, String job, ToDoubleFunction<StreamsRun> f) {
        List<Double> out = new ArrayList<>();
        for (StreamsRun r : runs) {
            double v = f.applyAsDouble(r);
            if (r.engine().equals(engine) && r.job().equals(job) && v >= 0) {
                out.add(v);
            }
        }
        return out;
    }

    /** The median of the same-round Runnel / Kafka Streams ratios on the job; null without a round of both. */
    static Double ratio(List<StreamsRun> runs, String job, ToDoubleFunction<StreamsRun> f) {
        List<Double> ratios = new ArrayList<>();
        for (StreamsRun r : runs) {
            if (!r.engine().equals("runnel") || !r.job().equals(job)) {
                continue;
            }
            for (StreamsRun k : runs) {
                if (k.engine().equals("kafka-streams") && k.job().equals(job) && k.round() == r.round()
                        && f.applyAsDouble(k) > 0 && f.applyAsDouble(r) >= 0) {
                    ratios.add(f.applyAsDouble(r) / f.applyAsDouble(k));
                }
            }
        }
        return median(ratios);
    }

    /** The median (the mean of the middle two for an even count); null for none. */
    static Double median(List<Double> values) {
        return io.runnel.bench.Stats.median(values);
    }

    private static String colour(String engine) {
        return COLOURS.getOrDefault(engine, OTHER_COLOUR);
    }

    private static String text(int x, int y, String s, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
                attrs.isEmpty() ? "" : " " + attrs, escape(s));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
