package io.runnel.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runnel.bench.streams.StreamsBenchmark;
import io.runnel.broker.BrokerServer;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.Time;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.generator.EventWriter;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import io.runnel.nexmark.queries.NexmarkReference;
import io.runnel.nexmark.queries.Q1;
import io.runnel.nexmark.queries.Q2;
import io.runnel.nexmark.queries.Q3;
import io.runnel.nexmark.queries.Q4;
import io.runnel.nexmark.queries.Q5;
import io.runnel.nexmark.queries.Q6;
import io.runnel.nexmark.queries.Q7;
import io.runnel.nexmark.queries.Q8;
import io.runnel.streams.serde.Serde;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Streams versions of the Nexmark queries give the plain-Java reference's answers: generated events on an
 * in-process broker (3 partitions per topic, own input topics per query), each query's topology on a real Kafka
 * Streams (in a forked JVM, as in the benchmark), its output read by a real consumer. Kafka Streams has no end of
 * input: once it processed the events, two rounds of "flush" events far later in event time (negative ids, category
 * 99, matching nothing real) go to every input partition, so stream time passes every real window and session on
 * every task, through both window stages of q5/q7; results about flush ids are left out.
 */
class KafkaStreamsNexmarkTest {
    private static final int EVENTS = 24_000;
    private static final long SEED = 42;
    private static final long EVENTS_PER_SECOND = 200;
    private static final int PARTITIONS = 3;
    private static final int FLUSH_IDS = 30;
    /**
     * Grace of the windows: Kafka Streams' stream time is per task, and a second window stage (q5, q7) or a merge
     * of two inputs (q8) reading a repartition topic written by tasks that progress unevenly sees records older than
     * its stream time; a grace shorter than that skew drops them (with 1 s, q5/q7/q8 miss results on this input,
     * processed all at once). 5 min of event time covers the whole input.
     */
    private static final long GRACE_MS = 300_000;
    /** Recent event times: records older than the broker's retention would be deleted. */
    private static final long BASE_TIME_MS = (System.currentTimeMillis() - 3_600_000L) / 10_000L * 10_000L;

    @TempDir
    static Path dir;
    private static BrokerServer broker;
    private static NexmarkReference reference;
    private static long lastEventMs;

    @BeforeAll
    static void startBrokerAndWrite() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0");
        config.put("log.dirs", dir.resolve("broker").toString());
        config.put("group.initial.rebalance.delay.ms", "0");
        broker = new BrokerServer(BrokerConfig.parse(config), Time.SYSTEM);
        broker.start();
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(SEED, BASE_TIME_MS, EVENTS_PER_SECOND));
        List<Event> events = new ArrayList<>(EVENTS);
        for (long i = 0; i < EVENTS; i++) {
            events.add(g.event(i));
        }
        reference = new NexmarkReference(events);
        lastEventMs = events.get(EVENTS - 1).dateTime();
    }

    /** Each query reads its own input topics: the flush events of one query's run are not in another's input. */
    private static void writeEvents(String prefix) throws Exception {
        EventWriter writer = new EventWriter(broker.bootstrapServers(), PARTITIONS, prefix);
        writer.createTopics();
        writer.write(new NexmarkGenerator(new GeneratorConfig(SEED, BASE_TIME_MS, EVENTS_PER_SECOND)), EVENTS, 0);
    }

    /**
     * Waits until the group has committed the end offset of every partition it consumes (input and repartition
     * topics), twice in a row: everything written so far went through every stage. Kafka Streams commits every 1 s
     * here and flushes its producer before committing, so a repartition topic's records exist once its writer's
     * input offsets are committed.
     */
    private static void awaitCaughtUp(Admin admin, String appId, String prefix) {
        int[] streak = {0};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            boolean inputsSeen = committed.keySet().stream().filter(tp -> tp.topic().startsWith(prefix)).count()
                    >= PARTITIONS;
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            boolean atEnd = inputsSeen && committed.entrySet().stream()
                    .allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
            streak[0] = atEnd ? streak[0] + 1 : 0;
            return streak[0] >= 2;
        });
    }

    /**
     * Flush events from {@code startMs} on: persons, auctions and qualifying bids with negative ids on every
     * partition, 10 s of event time apart so that their windows, keyed by window start in the second stage of q5/q7,
     * reach every partition of the repartition topic.
     */
    private static void writeFlush(String prefix, long startMs) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = 1; i <= FLUSH_IDS; i++) {
                int partition = i % PARTITIONS;
                long timeMs = startMs + i * 10_000L;
                long personId = -1000 - i;
                long auctionId = -i;
                Person person = new Person(personId, "flush", "f@x", "0", "Nowhere", "XX", timeMs, "");
                Auction auction = new Auction(auctionId, "flush", "", 1, 1, timeMs, timeMs + 1_000, -i, 99, "");
                Bid bid = new Bid(auctionId, -i, 2, "", "", timeMs, "");
                send(p, prefix + "person", partition, timeMs, personId,
                        NexmarkTopics.PERSON_SERDE.serialize(person));
                send(p, prefix + "auction", partition, timeMs, auctionId,
                        NexmarkTopics.AUCTION_SERDE.serialize(auction));
                send(p, prefix + "bid", partition, timeMs, auctionId, NexmarkTopics.BID_SERDE.serialize(bid));
            }
            p.flush();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, int partition, long timeMs, long key,
                             byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, partition, timeMs, Long.toString(key).getBytes(StandardCharsets.UTF_8),
                value)).get();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Runs the query on Kafka Streams until {@code done} holds for its output (the real results only: records for
     * which {@code real} holds), or 2 minutes passed; returns the output. {@code done} is a cheap comparison: an
     * AssertJ assertion over 20,000 records, failing and formatting its message on every poll, would be slower than
     * the engine. Kafka Streams 4.3.1 needs its own kafka-clients, so it runs in a forked JVM (as in
     * the benchmark) with those jars ahead of this JVM's class path; the broker stays in this JVM.
     */
    private static <R> List<ConsumerRecord<String, R>> run(String query, Serde<R> serde,
                                                           Predicate<ConsumerRecord<String, R>> real,
                                                           Predicate<List<ConsumerRecord<String, R>>> done)
            throws Exception {
        String appId = "ks-test-" + query;
        String output = appId + "-out";
        String prefix = "ks-" + query + "-";
        writeEvents(prefix);
        String classpath = StreamsBenchmark.kafkaStreamsClasspath(Path.of("target", "kafka-streams-baseline"))
                + File.pathSeparator + System.getProperty("java.class.path");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", classpath, NexmarkJobRunner.class.getName(), "--engine", "kafka-streams", "--query", query,
                "--bootstrap", broker.bootstrapServers(), "--prefix", prefix, "--app-id", appId,
                "--output", output, "--out-of-orderness-ms", Long.toString(GRACE_MS),
                "--state-dir", dir.resolve("state-" + query).toString(), "--phase", "run",
                "--timeout-s", "120");
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Process job = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(query + ".log").toFile()).start();
        List<ConsumerRecord<String, R>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(output).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            // Flush in two rounds, each once the previous input went through every stage: a record's stream time
            // must not reach a stage before the real records it should close windows after.
            awaitCaughtUp(admin, appId, prefix);
            writeFlush(prefix, lastEventMs + GRACE_MS + 100_000);
            awaitCaughtUp(admin, appId, prefix);
            writeFlush(prefix, lastEventMs + 3 * GRACE_MS + 300_000);
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!done.test(out) && System.nanoTime() < deadlineNs && job.isAlive()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    ConsumerRecord<String, R> typed = new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                            new String(r.key(), StandardCharsets.UTF_8), serde.deserialize(r.value()));
                    if (real.test(typed)) {
                        out.add(typed);
                    }
                }
            }
            assertThat(job.isAlive()).as("the Kafka Streams job runs (log: %s)", dir.resolve(query + ".log"))
                    .isTrue();
            return out;
        } finally {
            admin.close();
            try (OutputStream stdin = job.getOutputStream()) {
                stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // the job already exited: nothing to stop
            }
            if (!job.waitFor(30, TimeUnit.SECONDS)) {
                job.destroyForcibly().waitFor();
            }
        }
    }

    private static <R> List<R> values(List<ConsumerRecord<String, R>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static <R> Map<String, R> latest(List<ConsumerRecord<String, R>> records) {
        Map<String, R> out = new HashMap<>();
        records.forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    /** Same elements, same multiplicities (order aside). */
    private static <T> boolean sameBag(List<T> actual, List<T> expected) {
        return actual.size() == expected.size() && bag(actual).equals(bag(expected));
    }

    private static <T> Map<T, Integer> bag(List<T> values) {
        Map<T, Integer> out = new HashMap<>();
        values.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    private static <R> void assertResults(String query, Serde<R> serde, Predicate<R> real, List<R> expected)
            throws Exception {
        List<R> actual = values(run(query, serde, r -> real.test(r.value()), out -> sameBag(values(out), expected)));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static <R> void assertLatest(String query, Serde<R> serde, Predicate<R> real, Map<String, R> expected)
            throws Exception {
        Map<String, R> actual = latest(run(query, serde, r -> real.test(r.value()),
                out -> latest(out).equals(expected)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void q0PassesEveryBidThrough() throws Exception {
        assertResults("q0", NexmarkTopics.BID_SERDE, b -> b.auction() >= 0, reference.q0());
    }

    @Test
    void q1ConvertsEveryPrice() throws Exception {
        assertResults("q1", Q1.RESULT, r -> r.auction() >= 0, reference.q1());
    }

    @Test
    void q2SelectsAuctionsMultipleOf123() throws Exception {
        assertThat(reference.q2()).isNotEmpty();
        assertResults("q2", Q2.RESULT, r -> r.auction() >= 0, reference.q2());
    }

    @Test
    void q3JoinsLocalSellers() throws Exception {
        assertThat(reference.q3()).hasSizeGreaterThan(10);
        assertResults("q3", Q3.RESULT, r -> r.id() >= 0, reference.q3());
    }

    @Test
    void q4AveragesClosingPricesPerCategory() throws Exception {
        assertThat(reference.q4()).hasSize(NexmarkGenerator.CATEGORIES);
        assertLatest("q4", Q4.RESULT, r -> r.category() != 99, reference.q4());
    }

    @Test
    void q5FindsHotItemsPerSlidingWindow() throws Exception {
        assertThat(reference.q5()).hasSizeGreaterThan(60);
        assertResults("q5", Q5.RESULT, r -> r.auction() >= 0, reference.q5());
    }

    @Test
    void q6AveragesEachSellersLastTenAuctions() throws Exception {
        assertThat(reference.q6()).hasSizeGreaterThan(10);
        assertLatest("q6", Q6.RESULT, r -> r.seller() >= 0, reference.q6());
    }

    @Test
    void q7FindsTheHighestBidPerWindow() throws Exception {
        assertThat(reference.q7()).hasSizeGreaterThanOrEqualTo(12);
        assertResults("q7", Q7.RESULT, r -> r.auction() >= 0, reference.q7());
    }

    @Test
    void q8FindsNewSellers() throws Exception {
        assertThat(reference.q8()).hasSizeGreaterThan(10);
        assertResults("q8", Q8.RESULT, r -> r.id() >= 0, reference.q8());
    }
}
