package io.runnel.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.Time;
import io.runnel.nexmark.generator.EventWriter;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.queries.Q3;
import io.runnel.nexmark.queries.Q4;
import io.runnel.nexmark.queries.Q7;
import io.runnel.nexmark.queries.NexmarkReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end on an in-process broker (started once for the class): {@code nexmark generate} writes events through
 * a real producer, {@code nexmark run qN --bounded} (q3: a join of two re-keyed streams; q4: join, session
 * windows, repartition and a running aggregate; q7: two window stages) consumes them with the streams worker, writes the results and
 * stops by itself, and a real consumer reads results equal to the plain-Java reference.
 */
class NexmarkEndToEndTest {
    private static final int EVENTS = 6_000;
    private static final long SEED = 7;
    private static final long EVENTS_PER_SECOND = 100;
    /** Recent event times: records older than the broker's retention would be deleted. */
    private static final long BASE_TIME_MS = (System.currentTimeMillis() - 3_600_000L) / 10_000L * 10_000L;

    @TempDir
    static Path dir;
    private static BrokerServer broker;
    private static List<Event> events;

    @BeforeAll
    static void startBrokerAndGenerate() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0");
        config.put("log.dirs", dir.resolve("broker").toString());
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        broker = new BrokerServer(BrokerConfig.parse(config), Time.SYSTEM);
        broker.start();
        int exit = new CommandLine(new NexmarkCommand()).execute("generate", "--bootstrap", broker.bootstrapServers(),
                "--events", Integer.toString(EVENTS), "--seed", Long.toString(SEED), "--event-rate",
                Long.toString(EVENTS_PER_SECOND), "--base-time-ms", Long.toString(BASE_TIME_MS));
        assertThat(exit).isZero();
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(SEED, BASE_TIME_MS, EVENTS_PER_SECOND));
        events = new ArrayList<>();
        for (long i = 0; i < EVENTS; i++) {
            events.add(g.event(i));
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> runBounded(String query) {
        int exit = new CommandLine(new NexmarkCommand()).execute("run", query, "--bootstrap",
                broker.bootstrapServers(), "--bounded", "--set",
                "runnel.streams.state.dir=" + dir.resolve("state-" + query));
        assertThat(exit).isZero();
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> tps = c.partitionsFor(NexmarkTopics.output(query), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void q4AverageClosingPricesEndToEnd() {
        Map<String, Q4.Result> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : runBounded("q4")) {
            latest.put(new String(r.key(), StandardCharsets.UTF_8), Q4.RESULT.deserialize(r.value()));
        }
        assertThat(latest).hasSize(NexmarkGenerator.CATEGORIES).isEqualTo(new NexmarkReference(events).q4());
    }

    /** A join of two re-keyed streams: the join's subtopology reads topics written by one numbered after it. */
    @Test
    void q3PersonAuctionJoinEndToEnd() {
        List<Q3.Result> results = runBounded("q3").stream().map(r -> Q3.RESULT.deserialize(r.value())).toList();
        assertThat(results).isNotEmpty().containsExactlyInAnyOrderElementsOf(new NexmarkReference(events).q3());
    }

    @Test
    void q7HighestBidsEndToEnd() {
        List<Q7.Result> results = runBounded("q7").stream().map(r -> Q7.RESULT.deserialize(r.value())).toList();
        assertThat(results).isNotEmpty().containsExactlyInAnyOrderElementsOf(new NexmarkReference(events).q7());
    }
}
