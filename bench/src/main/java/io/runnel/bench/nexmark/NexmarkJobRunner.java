package io.runnel.bench.nexmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.nexmark.queries.NexmarkQuery;
import io.runnel.nexmark.queries.Queries;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One Nexmark benchmark run of one query on one engine in this JVM (forked by {@code bench nexmark}).
 * <ul>
 * <li>{@code --phase throughput}: the input is already written; runs until the engine's consumer group has
 * committed the end offsets of every input partition; prints {@code RESULT <events> <elapsedMs> <cpuMs>} over the
 * steady state (from the group's first commit on).</li>
 * <li>{@code --phase latency}: starts the engine, prints {@code READY} once its group is stable, then records, for
 * every result, receive time minus the result's event time (a bid's dateTime; a window's end) until a line arrives
 * on stdin; prints {@code LATENCY <count> <p50Ms> <p99Ms>}.</li>
 * <li>{@code --phase run}: starts the engine, prints {@code READY} once its group is stable, and runs until a line
 * arrives on stdin (or stdin closes); tests read the output meanwhile.</li>
 * </ul>
 * The main thread polls; the engine runs on its own threads.
 */
@Command(name = "nexmark-job", description = "One Nexmark benchmark run (forked by 'bench nexmark').")
public final class NexmarkJobRunner implements Callable<Integer> {
    @Option(names = "--engine", required = true) String engine;
    @Option(names = "--query", required = true) String query;
    @Option(names = "--bootstrap", required = true) String bootstrap;
    @Option(names = "--prefix", required = true) String prefix;
    @Option(names = "--app-id", required = true) String appId;
    @Option(names = "--output", required = true) String output;
    @Option(names = "--state-dir", required = true) Path stateDir;
    @Option(names = "--phase", defaultValue = "throughput") String phase;
    @Option(names = "--mode", defaultValue = "record", description = "Runnel: record or micro-batch") String mode;
    @Option(names = "--trigger-ms", defaultValue = "500") long triggerMs;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "--out-of-orderness-ms", defaultValue = "1000") long outOfOrdernessMs;
    @Option(names = "--timeout-s", defaultValue = "900") long timeoutS;
    @Option(names = "--streams-config", description = "Runnel: an extra engine setting, key=value (repeatable)")
    Map<String, String> streamsConfig = new HashMap<>();
    @Option(names = "--throughput-warmup-ms", defaultValue = "0", description = "throughput: start measuring at the "
            + "group's first commit at least this long after the JVM started (JIT compilation settles first)")
    long throughputWarmupMs;
    @Option(names = "--warmup-ms", defaultValue = "3000",
            description = "latency: ignore results due in the first this-many ms of event time") long warmupMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NexmarkJobRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long startNs = System.nanoTime();
        long cpuStartNs = cpuNs();
        AutoCloseable running = engine.equals("runnel") ? runnel() : kafkaStreams();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(timeoutS);
            if (phase.equals("throughput")) {
                long[] steady = awaitCommittedEnd(admin, startNs + TimeUnit.MILLISECONDS.toNanos(throughputWarmupMs),
                        deadlineNs);
                long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
                long cpuMs = (cpuNs() - cpuStartNs) / 1_000_000;
                running.close();
                if (steady == null) {
                    System.out.println("RESULT incomplete");
                    return 1;
                }
                if (steady[1] < 0) {
                    System.err.println("WARNING: fewer than three commits after the warm-up; "
                            + "measured over the whole run (give it more events)");
                    steady = new long[] {steady[0], elapsedMs, cpuMs};
                }
                System.out.printf("RESULT %d %d %d%n", steady[0], steady[1], steady[2]);
            } else if (phase.equals("run")) {
                awaitStable(admin, deadlineNs);
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    in.readLine();
                }
                running.close();
            } else {
                awaitStable(admin, deadlineNs);
                measureLatency();
                running.close();
            }
        }
        return 0;
    }

    private AutoCloseable runnel() {
        NexmarkQuery q = Queries.byName(query).orElseThrow(() -> new IllegalArgumentException("unknown " + query));
        Map<String, String> params = Map.of("application.id", appId, "output.topic", output,
                NexmarkQuery.INPUT_PREFIX.name(), prefix,
                NexmarkQuery.OUT_OF_ORDERNESS_MS.name(), Long.toString(outOfOrdernessMs));
        Map<String, String> s = new HashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS.name(), bootstrap);
        s.put(StreamsConfig.THREADS.name(), Integer.toString(threads));
        s.put(StreamsConfig.STATE_DIR.name(), stateDir.toString());
        s.put(StreamsConfig.MODE.name(), mode);
        s.put(StreamsConfig.TRIGGER_INTERVAL_MS.name(), Long.toString(triggerMs));
        s.putAll(streamsConfig);
        Worker w = new Worker(q.build(q.parameters().parse(params)), s);
        w.start();
        return w;
    }

    private AutoCloseable kafkaStreams() throws Exception {
        StreamsBuilder sb = new StreamsBuilder();
        new KafkaStreamsNexmark(prefix, output, Duration.ofMillis(outOfOrdernessMs)).build(query, sb);
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

    private List<String> inputTopics() {
        // q0, q1, q2, q5, q7 read bids; q3 and q8 persons and auctions; q4 and q6 auctions and bids.
        return switch (query) {
            case "q3", "q8" -> List.of(prefix + "person", prefix + "auction");
            case "q4", "q6" -> List.of(prefix + "auction", prefix + "bid");
            default -> List.of(prefix + "bid");
        };
    }

    /**
     * Waits until the group committed every input partition's end offset; measures the span of a {@link
     * ThroughputWindow} (start-up, group join, the first commit interval, the warm-up and the completing commit's lag
     * excluded). Returns {records, elapsedMs, cpuMs}, {total, -1, -1} when the run was too short for a window, or
     * null at the deadline.
     */
    private long[] awaitCommittedEnd(Admin admin, long measureFromNs, long deadlineNs) throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        ThroughputWindow window = new ThroughputWindow(total, measureFromNs);
        while (System.nanoTime() < deadlineNs) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long done = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                done += c == null ? 0 : Math.min(c.offset(), e.getValue());
            }
            if (window.observe(System.nanoTime(), cpuNs(), done)) {
                return window.measured() ? new long[] {window.records(), window.elapsedMs(), window.cpuMs()}
                        : new long[] {total, -1, -1};
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return null;
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = inputTopics().stream()
                    .flatMap(t -> c.partitionsFor(t, Duration.ofSeconds(30)).stream())
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            return c.endOffsets(tps);
        }
    }

    private void awaitStable(Admin admin, long deadlineNs) throws Exception {
        while (System.nanoTime() < deadlineNs) {
            ConsumerGroupDescription d;
            try {
                d = admin.describeConsumerGroups(List.of(appId)).describedGroups().get(appId)
                        .get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100); // the engine has not joined yet
                continue;
            }
            if (d.groupState() == GroupState.STABLE && !d.members().isEmpty()
                    && d.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                System.out.println("READY");
                System.out.flush();
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("group " + appId + " not stable before the deadline");
    }

    private void measureLatency() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                in.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                stop.set(true);
            }
        }, "nexmark-job-stdin");
        stdin.setDaemon(true);
        stdin.start();
        Histogram latency = new Histogram(3_600_000L, 3);
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> tps = c.partitionsFor(output, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long firstDue = Long.MAX_VALUE;
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    long due = eventTimeOf(r);
                    firstDue = Math.min(firstDue, due);
                    if (due >= firstDue + warmupMs) {
                        latency.recordValue(Math.max(0, Math.min(now - due, 3_600_000L)));
                    }
                }
            }
        }
        System.out.printf("LATENCY %d %d %d%n", latency.getTotalCount(), latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99));
    }

    /** When a result became due in event time: a bid's dateTime, or the end of its window. */
    private long eventTimeOf(ConsumerRecord<byte[], byte[]> r) {
        JsonNode v = io.runnel.streams.serde.Serdes.jsonTree().deserialize(r.value());
        return switch (query) {
            case "q5" -> v.get("window_end").asLong();
            case "q7" -> Math.floorDiv(v.get("dateTime").asLong(), 10_000L) * 10_000L + 10_000L;
            default -> v.path("dateTime").asLong(r.timestamp());
        };
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    private static long cpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
