package io.runnel.bench.streams;

import io.runnel.streams.serde.Serdes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel bench streams}: the stream-processing benchmark. Writes N JSON sensor readings (keyed by sensor, with
 * up to 2 s of disorder, then one closing reading per sensor 10 minutes later) to a fresh input topic, then runs each
 * job on each engine in its own JVM, alternating engines, against the same broker and data: Runnel's engine, Kafka
 * Streams (the baseline) and a bare consumer loop (the ceiling of any engine on the stock client). Prints events/s
 * and peak RSS per run as a Markdown table and, with {@code --chart}, draws the medians as an SVG. Not a test: numbers
 * are only reported.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Stream-processing benchmark: Runnel engine vs Kafka Streams vs a bare consumer loop.")
public final class StreamsBenchmark implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "host:port of the broker") String bootstrap;
    @Option(names = "--readings", defaultValue = "2000000") long readings;
    @Option(names = "--sensors", defaultValue = "1000") int sensors;
    @Option(names = "--partitions", defaultValue = "3") int partitions;
    @Option(names = "--threads", defaultValue = "1", description = "processing threads per engine") int threads;
    @Option(names = "--engines", defaultValue = "runnel,kafka-streams,bare", split = ",") List<String> engines;
    @Option(names = "--jobs", defaultValue = "sensor-averages,parse-convert", split = ",") List<String> jobs;
    @Option(names = "--heap", defaultValue = "1g", description = "-Xmx of each forked run") String heap;
    @Option(names = "--rounds", defaultValue = "1") int rounds;
    @Option(names = "--runnel-set", description = "key=value worker setting for the Runnel runs (repeatable), "
            + "e.g. runnel.streams.producer.linger.ms=5") Map<String, String> runnelSettings = new java.util.LinkedHashMap<>();
    @Option(names = "--runnel-heap", description = "-Xmx of the Runnel runs (default: --heap)") String runnelHeap;
    @Option(names = "--jvm-opt", description = "extra JVM option for every forked run (repeatable)")
    List<String> jvmOptions = new ArrayList<>();
    @Option(names = "--runnel-base-jar", description = "runnel.jar of another build (e.g. main before a change): the "
            + "engine name runnel-base in --engines runs the Runnel job from it, with the Runnel heap and settings, "
            + "alternating with the other engines (a before/after A/B in one invocation)") String runnelBaseJar;
    @Option(names = "--baseline-classpath", description = "Jars of Kafka Streams and its own kafka-clients, put "
            + "ahead of the class path for the kafka-streams runs (default: bench/target/kafka-streams-baseline next "
            + "to server/target/runnel.jar)") String baselineClasspath;
    @Option(names = "--chart", description = "also write the medians as a self-contained SVG chart to this file "
            + "(events/s, events/s after first output, peak RSS MiB per engine and job)") Path chart;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path chartDir = chart == null ? null : chart.toAbsolutePath().getParent();
        if (chartDir != null && !Files.isDirectory(chartDir)) {
            // fail before measuring, not after
            throw new CommandLine.ParameterException(new CommandLine(this), "--chart: no directory " + chartDir);
        }
        String suffix = Long.toHexString(System.nanoTime());
        String input = "bench-readings-" + suffix;
        long windows = produce(input);
        System.err.printf("wrote %d readings (%d sensor-windows) to %s%n", readings, windows, input);
        List<String> rows = new ArrayList<>();
        List<StreamsRun> runs = new ArrayList<>();
        Path stateRoot = Files.createTempDirectory("runnel-streams-bench");
        for (int round = 0; round < rounds; round++) {
            for (String job : jobs) {
                for (String engine : engines) {
                    if (!runs(engine, job)) {
                        continue;
                    }
                    String id = job + "-" + engine + "-" + suffix + "-" + round;
                    long expected = job.equals("sensor-averages") ? windows : readings + sensors;
                    String result = fork(engine, job, input, "bench-out-" + id, "bench-" + id, expected,
                            stateRoot.resolve(id));
                    rows.add(row(engine, job, round, result, runs));
                }
            }
        }
        deleteRecursively(stateRoot);
        System.out.println("| engine | job | events | elapsed ms | events/s | peak RSS MiB | events/s after first output "
                + "| JVM CPU us per event |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        if (chart != null) {
            Files.writeString(chart, StreamsChart.render("Runnel streams vs Kafka Streams", subtitle(), jobs, engines,
                    runs), StandardCharsets.UTF_8);
            System.err.println("chart: " + chart);
        }
        return 0;
    }

    /** Whether the harness runs {@code engine} on {@code job}: the bare loop only has the windowed job. */
    static boolean runs(String engine, String job) {
        return !engine.equals("bare") || job.equals("sensor-averages");
    }

    private String subtitle() {
        return String.format(java.util.Locale.ROOT, "%,d readings, %d sensors, %d partitions, %d thread(s), heap %s%s, "
                        + "%d round(s), %s", readings, sensors, partitions, threads, heap,
                runnelHeap == null ? "" : " (Runnel " + runnelHeap + ")", rounds, java.time.LocalDate.now());
    }

    /** The table row of one run (its result line, or "failed"); a successful run is added to {@code runs}. */
    private static String row(String engine, String job, int round, String result, List<StreamsRun> runs) {
        if (result == null) {
            return "| " + engine + " | " + job + " | failed | | | | | |";
        }
        var run = StreamsRun.parse(engine, round, result);
        if (run.isEmpty()) {
            return "| " + engine + " | " + job + " | " + result.substring(Math.min(7, result.length())) + " | | | | | |";
        }
        runs.add(run.get());
        return run.get().tableRow();
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes the readings; returns how many (sensor, 1-minute window) pairs they cover. */
    private long produce(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Random random = new Random(42);
        // Recent event times: records older than the broker's retention (7 days by default) would be deleted while
        // the engines still read them.
        long t0 = (System.currentTimeMillis() - readings * 5 - 3_600_000L) / 60_000L * 60_000L;
        long maxTs = t0;
        Set<String> windows = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < readings; i++) {
                String sensor = "s" + random.nextInt(sensors);
                long ts = t0 + i * 5 - random.nextInt(2_000);
                maxTs = Math.max(maxTs, ts);
                windows.add(sensor + "@" + Math.floorDiv(ts, 60_000L));
                send(producer, topic, sensor, ts, 15 + random.nextInt(150) / 10.0);
            }
            for (int s = 0; s < sensors; s++) {
                send(producer, topic, "s" + s, maxTs + 600_000, 20.0);
            }
            producer.flush();
        }
        return windows.size();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String sensor, long ts, double temp) {
        String json = "{\"sensor\":\"" + sensor + "\",\"ts\":" + ts + ",\"temp\":" + temp + "}";
        producer.send(new ProducerRecord<>(topic, null, ts, Serdes.string().serialize(sensor),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    private String baselineClasspath() throws java.io.IOException {
        return kafkaStreamsClasspath(baselineClasspath);
    }

    /**
     * The class path of a Kafka Streams run: {@code override} if given, else the jars of
     * bench/target/kafka-streams-baseline next to the runnel.jar this JVM runs from.
     */
    public static String kafkaStreamsClasspath(String override) throws java.io.IOException {
        if (override != null) {
            return override;
        }
        Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        return kafkaStreamsClasspath(jar.getParent().getParent().getParent()
                .resolve("bench/target/kafka-streams-baseline"));
    }

    /** The jars in {@code dir} (the Kafka Streams baseline's), sorted, as a class path. */
    public static String kafkaStreamsClasspath(Path dir) throws java.io.IOException {
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> jars.add(f.toString()));
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    /** Runs one job on one engine in its own JVM; returns its RESULT line, or null if it printed none. */
    private String fork(String engine, String job, String input, String output, String appId, long expected,
                        Path stateDir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        if (engine.equals("kafka-streams")) {
            classpath = baselineClasspath() + java.io.File.pathSeparator + classpath;
        }
        boolean runnelEngine = engine.equals("runnel") || engine.equals("runnel-base");
        if (engine.equals("runnel-base")) {
            if (runnelBaseJar == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "runnel-base needs --runnel-base-jar");
            }
            classpath = runnelBaseJar;
        }
        String runHeap = runnelEngine && runnelHeap != null ? runnelHeap : heap;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + runHeap, "-Xmx" + runHeap, "-XX:+UseG1GC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath,
                StreamsJobRunner.class.getName(), "--engine", runnelEngine ? "runnel" : engine, "--job", job, "--bootstrap", bootstrap,
                "--input", input, "--output", output, "--app-id", appId, "--events", Long.toString(readings + sensors),
                "--expected", Long.toString(expected), "--threads", Integer.toString(threads),
                "--state-dir", stateDir.toString()));
        if (runnelEngine) {
            runnelSettings.forEach((k, v) -> cmd.addAll(List.of("--runnel-set", k + "=" + v)));
        }
        System.err.println("run: " + engine + " " + job);
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        int exit = proc.waitFor();
        if (result == null) {
            System.err.println("run: " + engine + " " + job + " failed (exit " + exit + ")");
        }
        return result;
    }
}
