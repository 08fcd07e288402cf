package io.runnel.bench.nexmark;

import io.runnel.bench.streams.StreamsBenchmark;
import io.runnel.nexmark.generator.EventWriter;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel bench nexmark}: the Nexmark benchmark on one broker. Writes N generated events once, then
 * <ol>
 * <li>throughput: each query on each engine (Runnel's engine, Kafka Streams 4.3.1) in its own JVM, engines
 * alternating within each round, until the engine's group committed the input's end offsets: events/s and events
 * per CPU-second of the engine's JVM (the "per core" figure);</li>
 * <li>latency: at a fixed event rate into fresh topics, event time to result receive time, p50/p99 (the first
 * 3 s of event time are warm-up and not counted);</li>
 * <li>the record-at-a-time vs micro-batch trade-off on one query: throughput and latency per mode, drawn as an SVG.</li>
 * </ol>
 * Prints Markdown tables (medians over rounds, ratios Runnel / Kafka Streams). Never asserted anywhere.
 */
@Command(name = "nexmark", mixinStandardHelpOptions = true,
        description = "Nexmark benchmark: Runnel engine vs Kafka Streams, latency, record vs micro-batch.")
public final class NexmarkBenchmark implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "host:port of the broker") String bootstrap;
    @Option(names = "--events", defaultValue = "1000000", description = "events for the throughput runs") long events;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--partitions", defaultValue = "3") int partitions;
    @Option(names = "--threads", defaultValue = "1", description = "processing threads per engine") int threads;
    @Option(names = "--queries", defaultValue = "q0,q1,q2,q3,q4,q5,q6,q7,q8", split = ",") List<String> queries;
    @Option(names = "--engines", defaultValue = "runnel,kafka-streams", split = ",") List<String> engines;
    @Option(names = "--rounds", defaultValue = "3") int rounds;
    @Option(names = "--throughput-warmup-ms", defaultValue = "0", description = "throughput runs: measure from the "
            + "first commit this long after the engine's JVM started (JIT compilation settles first; a run with fewer "
            + "than three commits after it is measured whole, with a warning)") long throughputWarmupMs;
    @Option(names = "--heap", defaultValue = "1g", description = "-Xmx of each forked run") String heap;
    @Option(names = "--latency-queries", defaultValue = "q1,q5", split = ",") List<String> latencyQueries;
    @Option(names = "--latency-rate", defaultValue = "10000", description = "events/s of the latency runs") long rate;
    @Option(names = "--latency-seconds", defaultValue = "30") long latencySeconds;
    @Option(names = "--tradeoff-query", defaultValue = "q5") String tradeoffQuery;
    @Option(names = "--tradeoff-triggers", defaultValue = "100,500,1000", split = ",",
            description = "micro-batch trigger intervals (ms) compared with record-at-a-time") List<Long> triggers;
    @Option(names = "--chart", defaultValue = "docs/nexmark-tradeoff.svg", description = "SVG output") Path chart;
    @Option(names = "--skip", split = ",", description = "phases to skip: throughput, latency, tradeoff")
    List<String> skip = new ArrayList<>();
    @Option(names = "--baseline-classpath", description = "Kafka Streams jars (default: bench/target/"
            + "kafka-streams-baseline next to runnel.jar)") String baselineClasspath;

    private final String suffix = Long.toHexString(System.nanoTime());
    private Path stateRoot;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NexmarkBenchmark()).execute(args));
    }

    /** A run's measurements. */
    private record Run(double eventsPerSecond, double eventsPerCpuSecond) {
    }

    /** A latency run's percentiles. */
    private record Latency(long count, double p50Ms, double p99Ms) {
    }

    @Override
    public Integer call() throws Exception {
        stateRoot = Files.createTempDirectory("runnel-nexmark-bench");
        try {
            System.out.printf("Nexmark benchmark: %d events, %d partitions, %d thread(s) per engine, %d rounds, "
                    + "%d cores, throughput measured from %d ms after each run's JVM start%n%n", events, partitions,
                    threads, rounds, Runtime.getRuntime().availableProcessors(), throughputWarmupMs);
            String prefix = "bnx-" + suffix + "-";
            if (!skip.contains("throughput") || !skip.contains("tradeoff")) {
                writeThroughputInput(prefix);
            }
            if (!skip.contains("throughput")) {
                throughput(prefix);
            }
            Map<String, Run> tradeoffThroughput = new LinkedHashMap<>();
            if (!skip.contains("tradeoff")) {
                for (String mode : modes()) {
                    List<Run> runs = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        runs.add(throughputRun("runnel", tradeoffQuery, prefix, mode, "mb-" + round));
                    }
                    tradeoffThroughput.put(mode, median(runs));
                }
            }
            Map<String, Latency> latencies = new LinkedHashMap<>();
            if (!skip.contains("latency")) {
                latency(latencies);
            }
            if (!skip.contains("tradeoff")) {
                tradeoff(tradeoffThroughput);
            }
        } finally {
            deleteRecursively(stateRoot);
        }
        return 0;
    }

    private List<String> modes() {
        List<String> modes = new ArrayList<>(List.of("record"));
        triggers.forEach(t -> modes.add("micro-batch " + t + " ms"));
        return modes;
    }

    private void writeThroughputInput(String prefix) throws Exception {
        long eventsPerSecond = GeneratorConfig.DEFAULT_EVENTS_PER_SECOND;
        // Recent event times: records older than the broker's retention would be deleted during the runs.
        long base = System.currentTimeMillis() - events * 1000 / eventsPerSecond - 600_000;
        EventWriter writer = new EventWriter(bootstrap, partitions, prefix);
        writer.createTopics();
        EventWriter.Summary s = writer.write(new NexmarkGenerator(new GeneratorConfig(seed, base, eventsPerSecond)),
                events, 0);
        System.err.printf("wrote %d events (%d bids) in %d ms%n", s.events(), s.bids(), s.elapsedMs());
    }

    private void throughput(String prefix) throws Exception {
        Map<String, Map<String, List<Run>>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String query : queries) {
                List<String> order = new ArrayList<>(engines);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String engine : order) {
                    if (engine.equals("kafka-streams") && !KafkaStreamsNexmark.QUERIES.contains(query)) {
                        continue;
                    }
                    Run r = throughputRun(engine, query, prefix, "record", "tp-" + round);
                    results.computeIfAbsent(query, q -> new LinkedHashMap<>())
                            .computeIfAbsent(engine, e -> new ArrayList<>()).add(r);
                }
            }
        }
        System.out.println("### Throughput (median of " + rounds + " runs)\n");
        System.out.println("| query | Runnel events/s | Kafka Streams events/s | Runnel / Kafka Streams | Runnel events "
                + "per CPU-s | Kafka Streams events per CPU-s | rounds Runnel / Kafka Streams, events/s |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (var e : results.entrySet()) {
            Run r = e.getValue().containsKey("runnel") ? median(e.getValue().get("runnel")) : null;
            Run k = e.getValue().containsKey("kafka-streams") ? median(e.getValue().get("kafka-streams")) : null;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s / %s |%n", e.getKey(),
                    r == null ? "" : fmt(r.eventsPerSecond()), k == null ? "" : fmt(k.eventsPerSecond()),
                    r == null || k == null ? "" : String.format(Locale.ROOT, "%.2fx",
                            r.eventsPerSecond() / k.eventsPerSecond()),
                    r == null ? "" : fmt(r.eventsPerCpuSecond()), k == null ? "" : fmt(k.eventsPerCpuSecond()),
                    rounds(e.getValue().get("runnel")), rounds(e.getValue().get("kafka-streams")));
        }
        System.out.println();
    }

    private Run throughputRun(String engine, String query, String prefix, String mode, String tag) throws Exception {
        String id = "bnx-" + suffix + "-" + query + "-" + engine + "-" + mode.replace(' ', '-') + "-" + tag;
        List<String> cmd = jobCommand(engine, query, prefix, id, mode);
        cmd.add("--phase");
        cmd.add("throughput");
        cmd.add("--throughput-warmup-ms");
        cmd.add(Long.toString(throughputWarmupMs));
        System.err.println("run: " + engine + " " + query + " " + mode + " " + tag);
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] result = {null};
        readLines(proc, line -> {
            if (line.startsWith("RESULT ")) {
                result[0] = line;
            }
        });
        proc.waitFor();
        deleteTopics(id);
        if (result[0] == null || result[0].contains("incomplete")) {
            System.err.println("  failed: " + result[0]);
            return new Run(Double.NaN, Double.NaN);
        }
        String[] f = result[0].split(" ");
        long n = Long.parseLong(f[1]);
        long elapsedMs = Long.parseLong(f[2]);
        long cpuMs = Long.parseLong(f[3]);
        Run r = new Run(n * 1000.0 / elapsedMs, n * 1000.0 / Math.max(1, cpuMs));
        System.err.printf(Locale.ROOT, "  %d events in %d ms (%.0f/s), %d ms CPU%n", n, elapsedMs,
                r.eventsPerSecond(), cpuMs);
        return r;
    }

    private void latency(Map<String, Latency> out) throws Exception {
        Map<String, List<Latency>> runs = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String query : latencyQueries) {
                for (String engine : engines) {
                    if (engine.equals("kafka-streams") && !KafkaStreamsNexmark.QUERIES.contains(query)) {
                        continue;
                    }
                    runs.computeIfAbsent(query + " " + engine, k -> new ArrayList<>())
                            .add(latencyRun(engine, query, "record", "lat-" + round));
                }
            }
        }
        System.out.printf("### Latency at %d events/s for %d s (event time to result, median of %d runs)%n%n", rate,
                latencySeconds, rounds);
        System.out.println("| query | engine | results | p50 ms | p99 ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        runs.forEach((k, v) -> {
            Latency m = medianLatency(v);
            out.put(k, m);
            String[] qe = k.split(" ");
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f |%n", qe[0], qe[1], m.count(), m.p50Ms(),
                    m.p99Ms());
        });
        System.out.println();
    }

    private void tradeoff(Map<String, Run> throughputs) throws Exception {
        List<TradeoffChart.Row> rows = new ArrayList<>();
        System.out.printf("### Record-at-a-time vs micro-batch (%s; throughput: catch-up over %d events; latency at "
                + "%d events/s; medians of %d runs)%n%n", tradeoffQuery, events, rate, rounds);
        System.out.println("| mode | events/s | p50 ms | p99 ms |");
        System.out.println("| --- | --- | --- | --- |");
        for (String mode : modes()) {
            List<Latency> lat = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                lat.add(latencyRun("runnel", tradeoffQuery, mode, "mbl-" + round));
            }
            Latency m = medianLatency(lat);
            Run t = throughputs.get(mode);
            rows.add(new TradeoffChart.Row(mode, t.eventsPerSecond(), m.p50Ms(), m.p99Ms()));
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f |%n", mode, fmt(t.eventsPerSecond()), m.p50Ms(),
                    m.p99Ms());
        }
        System.out.println();
        Files.createDirectories(chart.toAbsolutePath().getParent());
        Files.writeString(chart, TradeoffChart.render("Nexmark " + tradeoffQuery + ": record-at-a-time vs micro-batch "
                + "(Runnel engine, " + Runtime.getRuntime().availableProcessors() + " cores)", rows));
        System.out.println("chart: " + chart);
    }

    /** Fresh topics, engine started and stable, then events at the fixed rate; the child measures. */
    private Latency latencyRun(String engine, String query, String mode, String tag) throws Exception {
        String prefix = "bnxl-" + suffix + "-" + tag + "-" + query + "-" + engine + "-" + mode.replace(' ', '-') + "-";
        String id = prefix + "app";
        EventWriter writer = new EventWriter(bootstrap, partitions, prefix);
        writer.createTopics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(id + "-out", partitions, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        List<String> cmd = jobCommand(engine, query, prefix, id, mode);
        cmd.add("--phase");
        cmd.add("latency");
        System.err.println("latency: " + engine + " " + query + " " + mode + " " + tag);
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.equals("READY")) {
            line = out.readLine();
        }
        if (line == null) {
            proc.waitFor();
            return new Latency(0, Double.NaN, Double.NaN);
        }
        GeneratorConfig config = new GeneratorConfig(seed, System.currentTimeMillis(), rate);
        writer.write(new NexmarkGenerator(config), rate * latencySeconds, rate);
        // Results due before the last event (windows ending by then) arrive within the watermark bound and trigger.
        TimeUnit.SECONDS.sleep(3);
        try (OutputStream stdin = proc.getOutputStream()) {
            stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
        }
        Latency result = new Latency(0, Double.NaN, Double.NaN);
        for (line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("LATENCY ")) {
                String[] f = line.split(" ");
                result = new Latency(Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            }
        }
        proc.waitFor();
        deleteTopics(prefix);
        System.err.printf(Locale.ROOT, "  %d results, p50 %.0f ms, p99 %.0f ms%n", result.count(), result.p50Ms(),
                result.p99Ms());
        return result;
    }

    /**
     * Deletes a finished run's topics (output, repartition, changelogs: {@code prefix*}). Left in place, every run's
     * join changelogs pile up on the broker and push the shared input out of the page cache for later runs.
     */
    private void deleteTopics(String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> mine = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).toList();
            if (!mine.isEmpty()) {
                admin.deleteTopics(mine).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> jobCommand(String engine, String query, String prefix, String id, String mode)
            throws Exception {
        String classpath = System.getProperty("java.class.path");
        if (engine.equals("kafka-streams")) {
            classpath = StreamsBenchmark.kafkaStreamsClasspath(baselineClasspath) + java.io.File.pathSeparator
                    + classpath;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-cp", classpath, NexmarkJobRunner.class.getName(),
                "--engine", engine, "--query", query, "--bootstrap", bootstrap, "--prefix", prefix,
                "--app-id", id, "--output", id + "-out", "--threads", Integer.toString(threads),
                "--state-dir", stateRoot.resolve(id).toString()));
        if (mode.startsWith("micro-batch")) {
            cmd.addAll(List.of("--mode", "micro-batch", "--trigger-ms", mode.replaceAll("[^0-9]", "")));
        }
        return cmd;
    }

    private static void readLines(Process proc, Consumer<String> onLine) throws java.io.IOException {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                onLine.accept(line);
            }
        }
    }

    private static Run median(List<Run> runs) {
        return new Run(median(runs.stream().mapToDouble(Run::eventsPerSecond).toArray()),
                median(runs.stream().mapToDouble(Run::eventsPerCpuSecond).toArray()));
    }

    private static Latency medianLatency(List<Latency> runs) {
        return new Latency((long) median(runs.stream().mapToDouble(Latency::count).toArray()),
                median(runs.stream().mapToDouble(Latency::p50Ms).toArray()),
                median(runs.stream().mapToDouble(Latency::p99Ms).toArray()));
    }

    private static double median(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Every round's events/s in run order, or "-" when the engine did not run the query. */
    private static String rounds(List<Run> runs) {
        if (runs == null) {
            return "-";
        }
        return String.join(", ", runs.stream().map(r -> fmt(r.eventsPerSecond())).toList());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "failed" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
