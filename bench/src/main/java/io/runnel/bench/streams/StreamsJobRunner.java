package io.runnel.bench.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.examples.SensorAverages;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one benchmark job on one engine in this JVM (the harness forks one JVM per run so each run's peak RSS is its
 * own), waits until the job's output is complete, and prints one line:
 * {@code RESULT engine job events elapsedMs eventsPerSec peakRssMb steadyEventsPerSec cpuUsPerEvent}: events/s from JVM
 * start; events/s after the first output record (start-up and group join excluded; the input share still to come
 * is taken as the output share still to come); CPU time of the whole JVM (engine, clients and this runner's output
 * reader, which both engines share) per input event. Single-threaded apart from the engines' own threads.
 */
@Command(name = "streams-job", description = "One streams benchmark run (forked by 'bench streams').")
public final class StreamsJobRunner implements Callable<Integer> {
    @Option(names = "--engine", required = true) String engine;
    @Option(names = "--job", required = true) String job;
    @Option(names = "--bootstrap", required = true) String bootstrap;
    @Option(names = "--input", required = true) String input;
    @Option(names = "--output", required = true) String output;
    @Option(names = "--app-id", required = true) String appId;
    @Option(names = "--events", required = true) long events;
    @Option(names = "--expected", required = true) long expectedOutput;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "--state-dir", required = true) Path stateDir;
    @Option(names = "--timeout-s", defaultValue = "900") long timeoutS;
    @Option(names = "--runnel-set", description = "key=value worker setting for the Runnel runs (repeatable)")
    Map<String, String> runnelSettings = new HashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsJobRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long startNs = System.nanoTime();
        AutoCloseable running = switch (engine + "/" + job) {
            case "runnel/sensor-averages" -> runnel(sensorAverages());
            case "runnel/parse-convert" -> runnel(parseConvert());
            case "kafka-streams/sensor-averages" -> kafkaStreams(this::kafkaStreamsSensorAverages);
            case "kafka-streams/parse-convert" -> kafkaStreams(this::kafkaStreamsParseConvert);
            case "bare/sensor-averages" -> null;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown " + engine + "/" + job);
        };
        long deadlineNs = startNs + Duration.ofSeconds(timeoutS).toNanos();
        boolean complete = running == null ? bareLoop(deadlineNs) : awaitOutput(deadlineNs);
        long endNs = System.nanoTime();
        long elapsedMs = (endNs - startNs) / 1_000_000;
        double cpuUsPerEvent = processCpuNs() / 1000.0 / events;
        long rssMb = peakRssMb();
        if (running != null) {
            running.close();
        }
        if (!complete) {
            System.out.printf("RESULT %s %s incomplete after %d s%n", engine, job, timeoutS);
            return 1;
        }
        double steadyEventsPerSec = steadyEventsPerSec(events, expectedOutput, outputBeforeFirstPoll, firstOutputNs,
                endNs);
        System.out.printf(java.util.Locale.ROOT, "RESULT %s %s %d %d %.0f %d %.0f %.2f%n", engine, job, events, elapsedMs,
                events * 1000.0 / elapsedMs, rssMb, steadyEventsPerSec, cpuUsPerEvent);
        return 0;
    }

    // ---- Runnel ----

    private Pipeline sensorAverages() {
        SensorAverages f = new SensorAverages();
        return f.build(f.parameters().parse(Map.of("input.topic", input, "output.topic", output,
                "application.id", appId, "input.keyed.by.sensor", "true")));
    }

    private Pipeline parseConvert() {
        PipelineBuilder b = new PipelineBuilder(appId);
        b.stream(input, io.runnel.streams.serde.Serdes.string(), io.runnel.streams.serde.Serdes.jsonTree())
                .map((k, v) -> KeyValue.of(k, convert(v)), io.runnel.streams.serde.Serdes.string(),
                        io.runnel.streams.serde.Serdes.jsonTree())
                .to(output);
        return b.build();
    }

    private AutoCloseable runnel(Pipeline p) {
        Map<String, String> s = new HashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS.name(), bootstrap);
        s.put(StreamsConfig.THREADS.name(), Integer.toString(threads));
        s.put(StreamsConfig.STATE_DIR.name(), stateDir.toString());
        s.putAll(runnelSettings);
        Worker w = new Worker(p, s);
        w.start();
        return w;
    }

    // ---- Kafka Streams (the baseline) ----

    private AutoCloseable kafkaStreams(java.util.function.Consumer<StreamsBuilder> topology) throws IOException {
        StreamsBuilder sb = new StreamsBuilder();
        topology.accept(sb);
        Properties p = new Properties();
        p.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaStreams ks = new KafkaStreams(sb.build(), p);
        ks.start();
        return ks;
    }

    private static final Serde<JsonNode> JSON = Serdes.serdeFrom(
            (Serializer<JsonNode>) (topic, v) -> io.runnel.streams.serde.Serdes.jsonTree().serialize(v),
            (Deserializer<JsonNode>) (topic, b) -> io.runnel.streams.serde.Serdes.jsonTree().deserialize(b));
    private static final Serde<double[]> AVG = Serdes.serdeFrom(
            (Serializer<double[]>) (topic, a) -> ByteBuffer.allocate(16).putDouble(a[0]).putDouble(a[1]).array(),
            (Deserializer<double[]>) (topic, b) -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new double[] {buf.getDouble(), buf.getDouble()};
            });

    private void kafkaStreamsSensorAverages(StreamsBuilder sb) {
        sb.stream(input, Consumed.with(Serdes.String(), JSON)
                        .withTimestampExtractor((r, prev) -> ((JsonNode) r.value()).path("ts").asLong(r.timestamp())))
                .groupByKey(Grouped.with(Serdes.String(), JSON))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(5)))
                .aggregate(() -> new double[2], (k, v, a) -> new double[] {a[0] + 1, a[1] + v.get("temp").asDouble()},
                        Materialized.with(Serdes.String(), AVG))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((w, a) -> {
                    ObjectNode out = io.runnel.streams.serde.Serdes.mapper().createObjectNode();
                    out.put("sensor", w.key());
                    out.put("window_start", w.window().start());
                    out.put("window_end", w.window().end());
                    out.put("count", (long) a[0]);
                    out.put("avg", a[1] / a[0]);
                    return org.apache.kafka.streams.KeyValue.pair(w.key(), (JsonNode) out);
                })
                .to(output, Produced.with(Serdes.String(), JSON));
    }

    private void kafkaStreamsParseConvert(StreamsBuilder sb) {
        sb.stream(input, Consumed.with(Serdes.String(), JSON))
                .mapValues(StreamsJobRunner::convert)
                .to(output, Produced.with(Serdes.String(), JSON));
    }

    /** The stateless job: Celsius to Fahrenheit, renamed fields. */
    static JsonNode convert(JsonNode v) {
        ObjectNode out = io.runnel.streams.serde.Serdes.mapper().createObjectNode();
        out.put("sensor_id", v.path("sensor").asText());
        out.put("time_ms", v.path("ts").asLong());
        out.put("temp_f", v.path("temp").asDouble() * 9 / 5 + 32);
        return out;
    }

    // ---- bare loop and completion ----

    private boolean bareLoop(long deadlineNs) {
        Map<String, double[]> windows = new HashMap<>();
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = partitions(c, input);
            c.assign(tps);
            c.seekToBeginning(tps);
            while (seen < events && System.nanoTime() < deadlineNs) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    JsonNode v = io.runnel.streams.serde.Serdes.jsonTree().deserialize(r.value());
                    long start = Math.floorDiv(v.get("ts").asLong(), 60_000L) * 60_000L;
                    double[] a = windows.computeIfAbsent(v.get("sensor").asText() + "@" + start, k -> new double[2]);
                    a[0]++;
                    a[1] += v.get("temp").asDouble();
                    seen++;
                }
            }
        }
        return seen >= events;
    }

    /**
     * Input events/s from the first output to the end: the input still to come at the first output is taken as the
     * output share still to come ({@code firstPollOutput} records were already out). -1 if no output was seen.
     */
    static double steadyEventsPerSec(long events, long expectedOutput, long firstPollOutput, long firstOutputNs,
                                     long endNs) {
        if (firstOutputNs <= 0 || endNs <= firstOutputNs || expectedOutput <= 0) {
            return -1;
        }
        double remainingShare = (double) (expectedOutput - firstPollOutput) / expectedOutput;
        return events * remainingShare * 1e9 / (endNs - firstOutputNs);
    }

    /** When the output reader first saw output, and how many records that first poll returned. */
    private long firstOutputNs;
    private long outputBeforeFirstPoll;

    private boolean awaitOutput(long deadlineNs) {
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = new ArrayList<>();
            while (tps.isEmpty() && System.nanoTime() < deadlineNs) {
                tps = partitions(c, output);
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            while (seen < expectedOutput && System.nanoTime() < deadlineNs) {
                int n = c.poll(Duration.ofMillis(100)).count();
                if (n > 0 && firstOutputNs == 0) {
                    // the records of this first poll were produced before now: count the rate over the rest
                    firstOutputNs = System.nanoTime();
                    outputBeforeFirstPoll = n;
                }
                seen += n;
            }
        }
        return seen >= expectedOutput;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null) {
            infos.forEach(i -> out.add(new TopicPartition(topic, i.partition())));
        }
        return out;
    }

    /** CPU time of this whole JVM so far (all threads), in ns. */
    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Peak resident set size of this JVM (VmHWM), in MiB. */
    static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
