package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runnel bench compare}: the side-by-side benchmark of Runnel against Apache Kafka 4.4.0 on this machine.
 * Fetches Kafka's broker jars with Maven into a cache outside the repository, runs both systems alternately for
 * several rounds (see {@link CompareRunner}), then writes the raw results, the table in docs/benchmarks.md and
 * an SVG chart. {@code --report-only} re-renders the doc and chart from saved results. Runs on the CLI thread.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Benchmark Runnel against Apache Kafka 4.4.0 side by side (A B A B rounds) and write docs/benchmarks.md.")
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smoke test: 1 round, small counts, 10 s fixed-rate runs.")
    boolean quick;

    @Option(names = "--rounds", defaultValue = "3", description = "A/B rounds (default 3; --quick uses 1).")
    int rounds;

    @Option(names = "--systems", split = ",", defaultValue = "kafka,runnel", description = "Which systems: kafka,runnel (default both).")
    List<String> systems;

    @Option(names = "--workloads", split = ",", description = "Only these workload ids (default all).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--heap", defaultValue = "1g", description = "Heap of each broker JVM (default 1g).")
    String heap;

    @Option(names = "--client-heap", defaultValue = "512m", description = "Heap of the client JVM (default 512m).")
    String clientHeap;

    @Option(names = "--max-rate-records", description = "Records per max-rate produce run (default 1M; quick 100k).")
    Long maxRateRecords;

    @Option(names = "--fixed-duration", description = "Measured seconds of each fixed-rate run (default 30; quick 10).")
    Integer fixedDurationS;

    @Option(names = "--fixed-warmup", description = "Seconds each fixed-rate run sends before the measured ones, left out of the figures (default 15; quick 2).")
    Integer fixedWarmupS;

    @Option(names = "--catchup-records", description = "Records for the catch-up workload (default 2M; quick 200k).")
    Long catchupRecords;

    @Option(names = "--many-partitions-records", description = "Records for the 1,000-partition workload (default 2M; quick 200k).")
    Long manyPartitionsRecords;

    @Option(names = "--broker-warmup-records", description = "Records of 1 KiB each broker takes, unmeasured, after its start and before the first workload (default 300k; quick 20k; 0: none).")
    Long brokerWarmupRecords;

    @Option(names = "--jfr", description = "Record a JFR profile of each broker run (files next to the broker logs in the cache).")
    boolean jfr;

    @Option(names = "--lock-wait", defaultValue = "60m", description = "How long to wait for another compare run on this machine (default 60m).")
    String lockWait;

    @Option(names = "--cache-dir", description = "Kafka jars and work files (default $RUNNEL_BENCH_CACHE or ~/.cache/runnel-bench).")
    Path cacheDir;

    @Option(names = "--runnel-jar", description = "runnel.jar to benchmark (default: the jar running this command).")
    Path runnelJar;

    @Option(names = "--runnel-override", paramLabel = "KEY=VALUE", description = "Extra --override for the Runnel server, repeatable.")
    List<String> runnelOverrides = new ArrayList<>();

    // Defaults below Linux's ephemeral range (32768-60999): a port inside it can be held for a moment by any
    // outgoing connection on the machine, which failed whole rounds with "address already in use".
    @Option(names = "--kafka-port", defaultValue = "29092", description = "Kafka listener port (default 29092).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "29093",
            description = "Kafka controller port (default 29093).")
    int kafkaControllerPort;

    @Option(names = "--runnel-port", defaultValue = "29192", description = "Runnel listener port (default 29192).")
    int runnelPort;

    @Option(names = "--results", defaultValue = "docs/benchmarks-compare.jsonl", description = "Raw results, one JSON object per line.")
    Path resultsFile;

    @Option(names = "--doc", defaultValue = "docs/benchmarks.md", description = "Markdown file whose comparison section is rewritten.")
    Path doc;

    @Option(names = "--chart", defaultValue = "docs/benchmarks-compare.svg", description = "SVG chart to write.")
    Path chart;

    @Option(names = "--report-only", description = "Do not measure: re-render the doc and chart from --results.")
    boolean reportOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ComparePlan plan;
        List<Workload> selected;
        try {
            ComparePlan base = quick ? ComparePlan.quick() : ComparePlan.full(rounds);
            plan = new ComparePlan(base.rounds(), orElse(maxRateRecords, base.maxRateRecords()),
                    orElse(fixedDurationS, base.fixedDurationS()), orElse(fixedWarmupS, base.warmupS()),
                    orElse(catchupRecords, base.catchupRecords()),
                    orElse(manyPartitionsRecords, base.manyPartitionsRecords()),
                    orElse(brokerWarmupRecords, base.brokerWarmupRecords()));
            selected = plan.workloads(new LinkedHashSet<>(workloads));
            try {
                RunnelBroker.heapMib(heap);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--heap takes a Java heap size such as 1g or 512m, got '" + heap + "'", e);
            }
            for (String s : systems) {
                if (!s.equals(CompareReport.KAFKA) && !s.equals(CompareReport.RUNNEL)) {
                    throw new IllegalArgumentException("--systems takes kafka and/or runnel, got '" + s + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            if (!reportOnly) {
                measure(plan, selected, out);
            }
            List<Map<String, Object>> rows = ResultLog.read(resultsFile);
            writeReport(rows, out);
            return 0;
        } catch (BenchException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
    }

    private void measure(ComparePlan plan, List<Workload> selected, PrintWriter out) {
        Path cache = cacheDir != null ? cacheDir : defaultCacheDir();
        try (CompareLock ignored = CompareLock.acquire(cache, lockWaitMs(), out)) {
            measureLocked(plan, selected, out, cache);
        }
    }

    private long lockWaitMs() {
        try {
            return io.runnel.bench.load.Units.parseDurationNs(lockWait) / 1_000_000;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lock-wait: " + e.getMessage(), e);
        }
    }

    private void measureLocked(ComparePlan plan, List<Workload> selected, PrintWriter out, Path cache) {
        List<BrokerUnderTest> brokers = new ArrayList<>();
        if (systems.contains(CompareReport.KAFKA)) {
            brokers.add(new KafkaBroker(KafkaDistribution.fetch(cache, out), heap, kafkaPort, kafkaControllerPort, jfr));
        }
        if (systems.contains(CompareReport.RUNNEL)) {
            brokers.add(new RunnelBroker(resolveRunnelJar(), heap, runnelPort, runnelOverrides, jfr));
        }
        ResultLog results = ResultLog.create(resultsFile);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("workload", "meta");
        meta.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("machine", MachineInfo.describe());
        meta.put("command", "./runnel " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        meta.put("loadAvgBefore", MachineInfo.loadAverage());
        meta.put("heap", heap);
        meta.put("clientHeap", clientHeap);
        meta.put("rounds", plan.rounds());
        meta.put("maxRateRecords", plan.maxRateRecords());
        meta.put("fixedDurationS", plan.fixedDurationS());
        meta.put("warmupS", plan.warmupS());
        meta.put("catchupRecords", plan.catchupRecords());
        meta.put("manyPartitionsRecords", plan.manyPartitionsRecords());
        meta.put("brokerWarmupRecords", plan.brokerWarmupRecords());
        meta.put("workloads", String.join(",", selected.stream().map(Workload::id).toList()));
        results.append(meta);
        ClientJvm client = new ClientJvm(clientHeap, System.getProperty("java.class.path"));
        Path work = cache.resolve("work").resolve(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-'));
        out.println("work directory (broker and client logs): " + work);
        new CompareRunner(plan, selected, brokers, work, client, results, out).run();
    }

    private void writeReport(List<Map<String, Object>> rows, PrintWriter out) {
        Map<String, Object> meta = rows.stream().filter(r -> "meta".equals(r.get("workload"))).findFirst()
                .orElseThrow(() -> new BenchException(resultsFile + " has no meta line; was it written by bench compare?"));
        Set<String> ids = new LinkedHashSet<>(List.of(String.valueOf(meta.get("workloads")).split(",")));
        ComparePlan plan = new ComparePlan(num(meta, "rounds").intValue(), num(meta, "maxRateRecords").longValue(),
                num(meta, "fixedDurationS").intValue(), num(meta, "warmupS").intValue(),
                num(meta, "catchupRecords").longValue(), num(meta, "manyPartitionsRecords").longValue(),
                meta.get("brokerWarmupRecords") instanceof Number n ? n.longValue() : 0);
        CompareReport report = new CompareReport(rows, plan.workloads(ids));
        String table = report.markdownTable();
        out.println();
        out.print(table);
        String subtitle = meta.get("date") + ", " + Runtime.getRuntime().availableProcessors() + " cores, medians of "
                + plan.rounds() + " round" + (plan.rounds() == 1 ? "" : "s");
        Path chartPath = chart.toAbsolutePath();
        try {
            Files.createDirectories(chartPath.getParent());
            Files.writeString(chartPath, new SvgChart(report).render(subtitle));
        } catch (java.io.IOException e) {
            throw new BenchException("cannot write " + chart + ": " + e.getMessage(), e);
        }
        BenchmarkDoc.write(doc, section(meta, plan, report, table));
        out.println("wrote " + doc + ", " + chart + " and " + resultsFile);
    }

    private String section(Map<String, Object> meta, ComparePlan plan, CompareReport report, String table) {
        Path docDir = doc.toAbsolutePath().getParent();
        String chartRef = docDir.relativize(chart.toAbsolutePath()).toString();
        String resultsRef = docDir.relativize(resultsFile.toAbsolutePath()).toString();
        StringBuilder sb = new StringBuilder();
        sb.append("### Results: Runnel vs Apache Kafka 4.4.0\n\n");
        sb.append("Measured ").append(meta.get("date")).append(" on ").append(meta.get("machine")).append(".\n\n");
        sb.append("Command: `").append(meta.get("command")).append("`\n\n");
        sb.append(String.format(Locale.ROOT, "Both brokers run as single nodes on 127.0.0.1 with a %s heap and stock settings; each round "
                + "starts each system afresh on an empty data directory, Kafka first, then Runnel (A B A B). The load "
                + "runs in a separate client JVM (kafka-clients 4.4.0, %s heap) on the same cores. Figures are medians "
                + "of %d round%s; the last column lists every round. Scale: %,d records per max-rate run, %d s measured "
                + "per fixed-rate run after %d s of warm-up that are not counted (each run starts a new client JVM), "
                + "%,d records caught up, %,d records "
                + "of 100 B over 1,000 partitions. %s Latency is measured from each record's intended send time, so "
                + "stalls count in full.%n%n",
                meta.get("heap"), meta.get("clientHeap"), plan.rounds(), plan.rounds() == 1 ? "" : "s",
                plan.maxRateRecords(), plan.fixedDurationS(), plan.warmupS(), plan.catchupRecords(),
                plan.manyPartitionsRecords(), plan.brokerWarmupRecords() == 0
                        ? "Each broker's first workload runs right after its start (no warm-up)."
                        : String.format(Locale.ROOT, "After its start each broker takes %,d records of 1 KiB, not "
                                + "measured, before the first workload (JIT warm-up).", plan.brokerWarmupRecords())));
        String load = report.loadAverageRange();
        if (load != null) {
            sb.append("The 1-minute load average around the rounds was ").append(load).append(" on ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(" cores: the machine is shared, so absolute figures move with its load; the alternating rounds "
                            + "keep the ratios comparable.\n\n");
        }
        String steal = report.stealRange();
        if (steal != null) {
            sb.append("CPU steal (time the hypervisor gave this machine's cores to other guests) during the measured "
                    + "runs: ").append(steal).append(" per run (`stealPct` in the raw results); latency tails move "
                    + "with it.\n\n");
        }
        sb.append(table).append('\n');
        sb.append("![Runnel vs Kafka: throughput and latency](").append(chartRef).append(")\n\n");
        List<String> failures = report.failures();
        if (!failures.isEmpty()) {
            sb.append("Failed runs (left out of the medians):\n\n");
            for (String f : failures) {
                sb.append("- ").append(f).append('\n');
            }
            sb.append('\n');
        }
        sb.append("Raw results: [").append(resultsRef).append("](").append(resultsRef).append("). Re-render the table and ")
                .append("chart from them without measuring: `./runnel bench compare --report-only")
                .append(resultsFile.equals(Path.of("docs/benchmarks-compare.jsonl")) ? "" : " --results " + resultsFile)
                .append("`.\n");
        return sb.toString();
    }

    private static Number num(Map<String, Object> meta, String key) {
        Object v = meta.get(key);
        if (!(v instanceof Number)) {
            throw new BenchException("results meta line lacks " + key);
        }
        return (Number) v;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static Path defaultCacheDir() {
        String env = System.getenv("RUNNEL_BENCH_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "runnel-bench");
    }

    private Path resolveRunnelJar() {
        if (runnelJar != null) {
            if (!Files.isRegularFile(runnelJar)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--runnel-jar " + runnelJar + " is not a file");
            }
            return runnelJar;
        }
        try {
            Path self = Path.of(CompareCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.getFileName().toString().equals("runnel.jar")) {
                return self;
            }
        } catch (URISyntaxException | SecurityException e) {
            throw new BenchException("cannot locate runnel.jar: " + e.getMessage(), e);
        }
        Path built = Path.of("server", "target", "runnel.jar");
        if (Files.isRegularFile(built)) {
            return built.toAbsolutePath();
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "cannot find runnel.jar: run through ./runnel or give --runnel-jar");
    }
}
