package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.examples.SensorAverages;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import io.runnel.streams.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams engine as a Kafka-protocol client of an in-process Runnel broker: the sensor-averages example end to
 * end against a plain-Java reference, a worker killed mid-run and replaced, state restored from the changelog, two
 * workers sharing and rebalancing partitions, and bounded mode.
 */
class StreamsWorkerTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    @TempDir
    Path stateDir;

    /** A recent minute boundary: event times older than the broker's retention would be deleted mid-test. */
    private static final long T0 = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;

    private Map<String, String> settings(String... extra) {
        Map<String, String> s = new HashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS.name(), BROKER.bootstrapServers());
        s.put(StreamsConfig.STATE_DIR.name(), stateDir.toString());
        s.put(StreamsConfig.COMMIT_INTERVAL_MS.name(), "200");
        s.put(StreamsConfig.IDLE_TIMEOUT_MS.name(), "2000");
        s.put(StreamsConfig.WATERMARK_INTERVAL_MS.name(), "50");
        for (int i = 0; i < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        return s;
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Readings: sensor, ts, temp; deterministic from a seed, up to 3 s out of order. */
    private record Reading(String sensor, long ts, double temp) {
        byte[] json() {
            return ("{\"sensor\":\"" + sensor + "\",\"ts\":" + ts + ",\"temp\":" + temp + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static List<Reading> readings(int count, int sensors, long seed) {
        Random r = new Random(seed);
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Reading("s" + r.nextInt(sensors), T0 + i * 50L - r.nextInt(3_000), r.nextInt(400) / 10.0));
        }
        return out;
    }

    private static void produce(String topic, List<Reading> readings) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (Reading rd : readings) {
                p.send(new ProducerRecord<>(topic, rd.sensor().getBytes(StandardCharsets.UTF_8), rd.json()));
            }
            p.flush();
        }
    }

    /** One closing reading per partition-covering sensor, far enough ahead to close every earlier window. */
    private static List<Reading> closers(int sensors, long afterTs) {
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s < sensors; s++) {
            out.add(new Reading("s" + s, afterTs + 600_000, 0));
        }
        return out;
    }

    /** sensor@window_start -> "count/avg" for windows the watermark closed (all but those of the closers). */
    private static Map<String, String> reference(List<Reading> readings) {
        Map<String, double[]> acc = new TreeMap<>();
        for (Reading r : readings) {
            long start = Math.floorDiv(r.ts(), 60_000L) * 60_000L;
            double[] a = acc.computeIfAbsent(r.sensor() + "@" + start, k -> new double[2]);
            a[0]++;
            a[1] += r.temp();
        }
        Map<String, String> out = new TreeMap<>();
        acc.forEach((k, a) -> out.put(k, (long) a[0] + "/" + format(a[1] / a[0])));
        return out;
    }

    private static String format(double avg) {
        return String.format("%.6f", avg);
    }

    /** Every record of the output topic as "sensor@start" -> "count/avg" entries (duplicates kept). */
    private static List<Map.Entry<String, String>> readAverages(String topic) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
            JsonNode v = Serdes.jsonTree().deserialize(r.value());
            assertThat(v.get("window_end").asLong() - v.get("window_start").asLong()).isEqualTo(60_000);
            out.add(Map.entry(v.get("sensor").asText() + "@" + v.get("window_start").asLong(),
                    v.get("count").asLong() + "/" + format(v.get("avg").asDouble())));
        }
        return out;
    }

    /** Every record of the topic, from the beginning to the end offsets read first (30 s at most). */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 30_000;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static Pipeline sensorAverages(String input, String output, String app) {
        SensorAverages f = new SensorAverages();
        return f.build(f.parameters().parse(Map.of("input.topic", input, "output.topic", output,
                "application.id", app)));
    }

    private static Map<String, String> distinct(List<Map.Entry<String, String>> records) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : records) {
            String previous = out.put(e.getKey(), e.getValue());
            assertThat(previous == null || previous.equals(e.getValue()))
                    .as("window %s emitted twice with different results: %s and %s", e.getKey(), previous, e.getValue())
                    .isTrue();
        }
        return out;
    }

    @Test
    void shouldComputeSensorAveragesEndToEnd() throws Exception {
        createTopic("readings-e2e", 3);
        List<Reading> data = readings(3_000, 20, 1);
        produce("readings-e2e", data);
        produce("readings-e2e", closers(20, data.get(data.size() - 1).ts()));
        Map<String, String> expected = reference(data);
        try (Worker w = new Worker(sensorAverages("readings-e2e", "averages-e2e", "e2e"), settings())) {
            w.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(distinct(readAverages("averages-e2e"))).isEqualTo(expected));
            assertThat(w.failure()).isEmpty();
        }
        assertThat(readAverages("averages-e2e")).hasSize(expected.size());
    }

    @Test
    void shouldMatchReferenceAfterWorkerKilledMidRunAndRestarted() throws Exception {
        createTopic("readings-kill", 3);
        List<Reading> data = readings(4_000, 20, 2);
        Map<String, String> expected = reference(data);
        Pipeline p = sensorAverages("readings-kill", "averages-kill", "kill");
        produce("readings-kill", data.subList(0, 2_000));
        Worker first = new Worker(p, settings());
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.processedRecords() >= 1_000);
        first.kill();
        produce("readings-kill", data.subList(2_000, data.size()));
        produce("readings-kill", closers(20, data.get(data.size() - 1).ts()));
        try (Worker second = new Worker(p, settings())) {
            second.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(distinct(readAverages("averages-kill"))).isEqualTo(expected));
            assertThat(second.failure()).isEmpty();
            // same state directory: the stores restart from their checkpoints, not from an empty database
            assertThat(second.restoredRecords()).isLessThan(changelogRecords(p));
        }
    }

    /**
     * The worker in its own JVM ({@code runnel pipeline run sensor-averages}), killed with SIGKILL once it has
     * committed: a worker started on the same state directory recovers the RocksDB stores the killed one left open,
     * replays only the changelog after their checkpoints, and the final output matches the reference.
     */
    @Test
    void shouldMatchReferenceAfterWorkerJvmKill9AndRestartOnItsStateDirectory() throws Exception {
        createTopic("readings-kill9", 3);
        List<Reading> data = readings(4_000, 20, 5);
        Map<String, String> expected = reference(data);
        Pipeline p = sensorAverages("readings-kill9", "averages-kill9", "kill9");
        produce("readings-kill9", data.subList(0, 2_500));
        Path output = stateDir.resolve("worker-jvm.out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.runnel.server.RunnelMain", "pipeline", "run",
                "sensor-averages", "--bootstrap", BROKER.bootstrapServers()));
        Map<String, String> sets = new HashMap<>(settings());
        sets.remove(StreamsConfig.BOOTSTRAP_SERVERS.name());
        sets.putAll(Map.of("input.topic", "readings-kill9", "output.topic", "averages-kill9",
                "application.id", "kill9"));
        sets.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        Process worker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        try {
            // both stages committed (the input, and the repartition topic the windowing stage reads) after writing
            // the changelog: the stores have checkpoints to restart from
            await().atMost(Duration.ofSeconds(90)).until(() -> committedOffsets("kill9", "readings-kill9") >= 2_000
                    && committedOffsets("kill9", "kill9-") >= 1_000 && changelogRecords(p) > 0);
        } finally {
            worker.destroyForcibly();
            worker.waitFor();
        }
        long changelogAtKill = changelogRecords(p);
        produce("readings-kill9", data.subList(2_500, data.size()));
        produce("readings-kill9", closers(20, data.get(data.size() - 1).ts()));
        try (Worker second = new Worker(p, settings())) {
            second.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(distinct(readAverages("averages-kill9"))).isEqualTo(expected));
            assertThat(second.failure()).isEmpty();
            assertThat(changelogAtKill).isPositive();
            assertThat(second.restoredRecords()).isLessThan(changelogAtKill);
        }
    }

    /** Committed offsets of {@code group}, summed over the partitions of the topics whose names start with the prefix. */
    private static long committedOffsets(String group, String topicPrefix) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().startsWith(topicPrefix) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    @Test
    void shouldRestoreRunningTotalsFromTheChangelogTailOrWholeChangelog() throws Exception {
        createTopic("words-tail", 2);
        PipelineBuilder b = new PipelineBuilder("tail");
        b.stream("words-tail", Serdes.string(), Serdes.string()).groupByKey().count().to("word-counts-tail");
        Pipeline p = b.build();
        produceWords("words-tail", 0, 300);
        try (Worker w = new Worker(p, settings())) {
            w.start();
            awaitCounts("word-counts-tail", 30L);
        } // a clean stop commits, then checkpoints every store at the committed changelog end
        long afterFirst = changelogRecords(p);
        assertThat(afterFirst).isPositive();
        produceWords("words-tail", 300, 600);
        try (Worker w = new Worker(p, settings())) {
            w.start();
            awaitCounts("word-counts-tail", 60L);
            assertThat(w.restoredRecords()).isZero(); // nothing after the checkpoint to replay
        }
        long afterSecond = changelogRecords(p);
        produceWords("words-tail", 600, 700);
        // a wiped state directory: the whole changelog is replayed, and the counts go on from the same totals
        try (Worker w = new Worker(p, settings(StreamsConfig.STATE_DIR.name(), stateDir.resolve("wiped").toString()))) {
            w.start();
            awaitCounts("word-counts-tail", 70L);
            assertThat(w.restoredRecords()).isEqualTo(afterSecond);
        }
    }

    /** Waits until every word w0..w9 has reached {@code count} in the output. */
    private static void awaitCounts(String topic, long count) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Long> counts = latestCounts(topic);
            for (int i = 0; i < 10; i++) {
                assertThat(counts).containsEntry("w" + i, count);
            }
        });
    }

    /** Records in all changelog partitions of the pipeline's stores (end offsets; nothing compacted in a test). */
    private static long changelogRecords(Pipeline p) throws Exception {
        long total = 0;
        try (Admin admin = BROKER.admin()) {
            for (var st : p.subtopologies()) {
                for (var store : st.stores()) {
                    String topic = store.changelogTopic(p.applicationId());
                    var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                    partitions.forEach(i -> latest.put(new TopicPartition(topic, i.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    for (var info : admin.listOffsets(latest).all().get().values()) {
                        total += info.offset();
                    }
                }
            }
        }
        return total;
    }

    private static void produceWords(String topic, int from, int to) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = from; i < to; i++) {
                byte[] word = ("w" + (i % 10)).getBytes(StandardCharsets.UTF_8);
                p.send(new ProducerRecord<>(topic, word, word));
            }
            p.flush();
        }
    }

    private static Map<String, Long> latestCounts(String topic) {
        Map<String, Long> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.merge(Serdes.string().deserialize(r.key()), Serdes.longs().deserialize(r.value()), Math::max);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"consumer", "classic"})
    void shouldShareAndRebalancePartitionsBetweenTwoWorkers(String protocol) throws Exception {
        String input = "readings-two-" + protocol;
        String output = "averages-two-" + protocol;
        createTopic(input, 3);
        List<Reading> data = readings(4_000, 30, 3);
        Map<String, String> expected = reference(data);
        Pipeline p = sensorAverages(input, output, "two-" + protocol);
        produce(input, data.subList(0, 2_000));
        Worker a = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), protocol));
        Worker b = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), protocol,
                StreamsConfig.STATE_DIR.name(), stateDir.resolve("b").toString()));
        a.start();
        b.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> a.processedRecords() > 0 && b.processedRecords() > 0);
        a.close();
        produce(input, data.subList(2_000, data.size()));
        produce(input, closers(30, data.get(data.size() - 1).ts()));
        try (b) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(distinct(readAverages(output))).isEqualTo(expected));
            assertThat(b.failure()).isEmpty();
        }
    }

    /**
     * A stream-table join read by two workers: under either group protocol each worker holds the same partition
     * numbers of both inputs (co-partitioned tasks), and every order finds its customer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"consumer", "classic"})
    void shouldKeepJoinInputsCoPartitionedAcrossTwoWorkers(String protocol) throws Exception {
        String orders = "orders-" + protocol;
        String customers = "customers-" + protocol;
        String output = "enriched-" + protocol;
        String app = "join-" + protocol;
        createTopic(orders, 4);
        createTopic(customers, 4);
        int customerCount = 40;
        try (KafkaProducer<byte[], byte[]> pr = producer()) {
            for (int c = 0; c < customerCount; c++) {
                pr.send(new ProducerRecord<>(customers, null, T0, bytes("c" + c), bytes("name" + c)));
            }
            pr.flush();
        }
        PipelineBuilder b = new PipelineBuilder(app);
        b.stream(orders, Serdes.string(), Serdes.string())
                .join(b.table(customers, Serdes.string(), Serdes.string()), (order, name) -> order + "@" + name)
                .to(output, Serdes.string(), Serdes.string());
        Pipeline p = b.build();
        Worker first = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), protocol));
        Worker second = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), protocol,
                StreamsConfig.STATE_DIR.name(), stateDir.resolve("second").toString()));
        try (first; second; Admin admin = BROKER.admin()) {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<Map<String, Set<Integer>>> members = assignments(admin, app);
                assertThat(members).hasSize(2).allSatisfy(m -> {
                    assertThat(m.get(orders)).isNotEmpty();
                    assertThat(m.get(customers)).isEqualTo(m.get(orders));
                });
            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> first.processedRecords() + second.processedRecords() >= customerCount);
            Map<String, String> expected = new TreeMap<>();
            try (KafkaProducer<byte[], byte[]> pr = producer()) {
                for (int i = 0; i < 400; i++) {
                    String customer = "c" + (i % customerCount);
                    pr.send(new ProducerRecord<>(orders, null, T0 + 1_000 + i, bytes(customer), bytes("o" + i)));
                    expected.put("o" + i, customer + "=o" + i + "@name" + (i % customerCount));
                }
                pr.flush();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(readStrings(output)).isEqualTo(expected));
            assertThat(first.failure()).isEmpty();
            assertThat(second.failure()).isEmpty();
        }
    }

    /**
     * An application moved from the classic to the consumer group protocol (every worker stopped, then started with
     * the new setting) resumes from the offsets the classic group committed: nothing is read twice.
     */
    @Test
    void shouldResumeFromCommittedOffsetsAfterSwitchingFromClassicToConsumerProtocol() throws Exception {
        createTopic("words-switch", 3);
        PipelineBuilder b = new PipelineBuilder("switch");
        b.stream("words-switch", Serdes.string(), Serdes.string())
                .mapValues(v -> v + "@x", Serdes.string())
                .to("upper-switch", Serdes.string(), Serdes.string());
        Pipeline p = b.build();
        produceNumbered("words-switch", 0, 100);
        try (Worker w = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), "classic"))) {
            w.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> readStrings("upper-switch").size() == 100);
        }
        produceNumbered("words-switch", 100, 200);
        try (Worker w = new Worker(p, settings(StreamsConfig.GROUP_PROTOCOL.name(), "consumer"))) {
            w.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> readStrings("upper-switch").size() == 200);
            assertThat(w.failure()).isEmpty();
            assertThat(w.processedRecords()).isEqualTo(100);
        }
        assertThat(countRecords("upper-switch")).isEqualTo(200);
    }

    private static void produceNumbered(String topic, int from, int to) {
        try (KafkaProducer<byte[], byte[]> pr = producer()) {
            for (int i = from; i < to; i++) {
                pr.send(new ProducerRecord<>(topic, bytes("k" + (i % 7)), bytes("w" + i)));
            }
            pr.flush();
        }
    }

    private static long countRecords(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Per member of the group: topic -> the partition numbers assigned to it; no members while the group does not
     * exist yet (a KIP-848 group appears with its first heartbeat, which may come after the workers' start returns).
     */
    private static List<Map<String, Set<Integer>>> assignments(Admin admin, String group) throws Exception {
        List<Map<String, Set<Integer>>> out = new ArrayList<>();
        Collection<MemberDescription> members;
        try {
            members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return out;
            }
            throw e;
        }
        for (MemberDescription m : members) {
            Map<String, Set<Integer>> byTopic = new TreeMap<>();
            for (TopicPartition tp : m.assignment().topicPartitions()) {
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
            }
            out.add(byTopic);
        }
        return out;
    }

    /** The output as value-prefix -> "key=value": order id -> "customer=order@name", one entry per order. */
    private static Map<String, String> readStrings(String topic) {
        Map<String, String> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            out.put(value.substring(0, value.indexOf('@')),
                    new String(r.key(), StandardCharsets.UTF_8) + "=" + value);
        }
        return out;
    }

    @Test
    void shouldCloseAllWindowsAndStopInBoundedMode() throws Exception {
        createTopic("readings-bounded", 3);
        List<Reading> data = readings(2_000, 10, 4);
        produce("readings-bounded", data);
        Map<String, String> expected = reference(data); // no closers: bounded mode closes every window itself
        try (Worker w = new Worker(sensorAverages("readings-bounded", "averages-bounded", "bounded"),
                settings(StreamsConfig.MODE.name(), "bounded"))) {
            w.start();
            assertThat(w.awaitTermination(60_000)).isEmpty();
            assertThat(w.isRunning()).isFalse();
        }
        Set<String> keys = new LinkedHashSet<>(distinct(readAverages("averages-bounded")).keySet());
        assertThat(keys).isEqualTo(expected.keySet());
        assertThat(distinct(readAverages("averages-bounded"))).isEqualTo(expected);
    }
}
