package io.runnel.nexmark.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.config.Config;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query's output equals the plain-Java reference over the same generated events: 24,000 events at 200
 * events/s of event time (2 minutes: 60 q5 windows, 12 q7/q8 windows, hundreds of closed auctions), through the
 * real tasks, stores, watermarks and repartitions of the test driver, 3 partitions per topic, closed by end of input.
 */
class NexmarkQueriesTest {
    private static final int EVENTS = 24_000;
    private static List<Event> events;
    private static NexmarkReference reference;

    @BeforeAll
    static void generate() {
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(42, 1_700_000_000_000L, 200));
        events = new ArrayList<>(EVENTS);
        for (long i = 0; i < EVENTS; i++) {
            events.add(g.event(i));
        }
        reference = new NexmarkReference(events);
    }

    private static <R> List<TestRecord<String, R>> run(NexmarkQuery query, Serde<R> resultSerde) {
        return run(query, resultSerde, Map.of());
    }

    private static <R> List<TestRecord<String, R>> run(NexmarkQuery query, Serde<R> resultSerde,
                                                       Map<String, String> params) {
        Config parameters = query.parameters().parse(params);
        PipelineTestDriver.Options options = PipelineTestDriver.Options.defaults()
                .withPartitions(NexmarkTopics.PERSON, 3)
                .withPartitions(NexmarkTopics.AUCTION, 3)
                .withPartitions(NexmarkTopics.BID, 3);
        try (PipelineTestDriver d = new PipelineTestDriver(query.build(parameters), options)) {
            for (Event e : events) {
                String key = Long.toString(e.key());
                if (e instanceof Person p) {
                    d.pipe(NexmarkTopics.PERSON, key, p, p.dateTime(), Serdes.string(), NexmarkTopics.PERSON_SERDE);
                } else if (e instanceof Auction a) {
                    d.pipe(NexmarkTopics.AUCTION, key, a, a.dateTime(), Serdes.string(), NexmarkTopics.AUCTION_SERDE);
                } else {
                    Bid b = (Bid) e;
                    d.pipe(NexmarkTopics.BID, key, b, b.dateTime(), Serdes.string(), NexmarkTopics.BID_SERDE);
                }
            }
            d.endOfInput();
            return d.read(NexmarkTopics.output(query.name()), Serdes.string(), resultSerde);
        }
    }

    private static <R> List<R> values(List<TestRecord<String, R>> records) {
        return records.stream().map(TestRecord::value).toList();
    }

    /** The latest value per key: the answer of a running (updating) query. */
    private static <R> Map<String, R> latest(List<TestRecord<String, R>> records) {
        Map<String, R> out = new HashMap<>();
        records.forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    @Test
    void q0PassesEveryBidThrough() {
        assertThat(values(run(new Q0(), NexmarkTopics.BID_SERDE))).containsExactlyInAnyOrderElementsOf(reference.q0());
    }

    @Test
    void q1ConvertsEveryPrice() {
        assertThat(values(run(new Q1(), Q1.RESULT))).containsExactlyInAnyOrderElementsOf(reference.q1());
    }

    @Test
    void q2SelectsAuctionsMultipleOf123() {
        List<Q2.Result> expected = reference.q2();
        assertThat(expected).isNotEmpty();
        assertThat(values(run(new Q2(), Q2.RESULT))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void q3JoinsLocalSellers() {
        List<Q3.Result> expected = reference.q3();
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(values(run(new Q3(), Q3.RESULT))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void q4AveragesClosingPricesPerCategory() {
        Map<String, Q4.Result> expected = reference.q4();
        assertThat(expected).hasSize(NexmarkGenerator.CATEGORIES);
        assertThat(latest(run(new Q4(), Q4.RESULT))).isEqualTo(expected);
    }

    @Test
    void q5FindsHotItemsPerSlidingWindow() {
        List<Q5.Result> expected = reference.q5();
        assertThat(expected).hasSizeGreaterThan(60);
        assertThat(values(run(new Q5(), Q5.RESULT))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void q6AveragesEachSellersLastTenAuctions() {
        Map<String, Q6.Result> expected = reference.q6();
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(latest(run(new Q6(), Q6.RESULT))).isEqualTo(expected);
    }

    @Test
    void q7FindsTheHighestBidPerWindow() {
        List<Q7.Result> expected = reference.q7();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(12);
        assertThat(values(run(new Q7(), Q7.RESULT))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void q8FindsNewSellers() {
        List<Q8.Result> expected = reference.q8();
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(values(run(new Q8(), Q8.RESULT))).containsExactlyInAnyOrderElementsOf(expected);
    }
}
