package io.runnel.bench.nexmark;

import io.runnel.nexmark.NexmarkProjections;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.queries.Q1;
import io.runnel.nexmark.queries.Q2;
import io.runnel.nexmark.queries.Q3;
import io.runnel.nexmark.queries.Q4;
import io.runnel.nexmark.queries.Q5;
import io.runnel.nexmark.queries.Q6;
import io.runnel.nexmark.queries.Q7;
import io.runnel.nexmark.queries.Q8;
import io.runnel.nexmark.queries.WinningBids;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The Nexmark queries q0 to q8 on Kafka Streams (the benchmark's baseline), with the same semantics, plans, JSON
 * records and keys as Runnel's pipelines (decision 0071): windowed results are final (suppressed until the window
 * closes, grace = the same out-of-orderness bound); q5/q7 aggregate per auction first, then per window; q3 is a
 * windowed stream-stream join of auctions re-keyed by seller with persons; q4/q6 join auctions with bids, close
 * each auction with a session window and keep a running aggregate per category/seller; q8 merges registrations
 * and auctions keyed by person into one 10 s tumbling aggregate. Query parameters have their Runnel defaults.
 * Built on the caller's thread; the topology runs on Kafka Streams' threads.
 */
final class KafkaStreamsNexmark {
    static final List<String> QUERIES = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8");

    private final String prefix;
    private final String output;
    private final Duration grace;

    KafkaStreamsNexmark(String prefix, String output, Duration grace) {
        this.prefix = prefix;
        this.output = output;
        this.grace = grace;
    }

    static <T> Serde<T> serde(io.runnel.streams.serde.Serde<T> runnel) {
        return Serdes.serdeFrom((Serializer<T>) (topic, v) -> runnel.serialize(v),
                (Deserializer<T>) (topic, b) -> runnel.deserialize(b));
    }

    private static final Serde<Auction> AUCTION = serde(NexmarkTopics.AUCTION_SERDE);
    private static final Serde<Bid> BID = serde(NexmarkTopics.BID_SERDE);
    private static final Serde<WinningBids.Winner> WINNER = serde(WinningBids.WINNER);
    // the projections Runnel's q1, q2, q3 and q8 read their inputs through
    private static final Serde<NexmarkProjections.BidSelection> BID_SELECTION = serde(NexmarkProjections.BID_SELECTION);
    private static final Serde<NexmarkProjections.AuctionPrice> AUCTION_PRICE = serde(NexmarkProjections.AUCTION_PRICE);
    private static final Serde<NexmarkProjections.AuctionSeller> AUCTION_SELLER =
            serde(NexmarkProjections.AUCTION_SELLER);
    private static final Serde<NexmarkProjections.AuctionListing> AUCTION_LISTING =
            serde(NexmarkProjections.AUCTION_LISTING);
    private static final Serde<NexmarkProjections.PersonPlace> PERSON_PLACE = serde(NexmarkProjections.PERSON_PLACE);
    private static final Serde<NexmarkProjections.PersonName> PERSON_NAME = serde(NexmarkProjections.PERSON_NAME);
    /** A running average's state: count and sum, 16 bytes (the layout of Runnel's {@code avg} state). */
    private static final Serde<Average> AVERAGE = Serdes.serdeFrom(
            (Serializer<Average>) (topic, a) -> ByteBuffer.allocate(16).putLong(a.count()).putDouble(a.sum()).array(),
            (Deserializer<Average>) (topic, b) -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new Average(buf.getLong(), buf.getDouble());
            });

    /** A running average: how many values and their sum. */
    record Average(long count, double sum) {
        Average add(double value) {
            return new Average(count + 1, sum + value);
        }
    }

    void build(String query, StreamsBuilder sb) {
        switch (query) {
            case "q0" -> bids(sb).to(output, Produced.with(Serdes.String(), BID));
            case "q1" -> sb.stream(prefix + "bid", Consumed.with(Serdes.String(), BID_SELECTION))
                    .mapValues(b -> new Q1.Result(b.auction(), b.bidder(), b.price() * 0.908, b.dateTime(), b.extra()))
                    .to(output, Produced.with(Serdes.String(), serde(Q1.RESULT)));
            case "q2" -> sb.stream(prefix + "bid", Consumed.with(Serdes.String(), AUCTION_PRICE))
                    .filter((k, b) -> b.auction() % 123 == 0)
                    .mapValues(b -> new Q2.Result(b.auction(), b.price()))
                    .to(output, Produced.with(Serdes.String(), serde(Q2.RESULT)));
            case "q3" -> q3(sb);
            case "q4" -> q4(sb);
            case "q5" -> q5(bids(sb));
            case "q6" -> q6(sb);
            case "q7" -> q7(bids(sb));
            case "q8" -> q8(sb);
            default -> throw new IllegalArgumentException("no Kafka Streams version of " + query);
        }
    }

    private KStream<String, Auction> auctions(StreamsBuilder sb) {
        return sb.stream(prefix + "auction", Consumed.with(Serdes.String(), AUCTION));
    }

    private KStream<String, Bid> bids(StreamsBuilder sb) {
        return sb.stream(prefix + "bid", Consumed.with(Serdes.String(), BID));
    }

    /** Auctions re-keyed by seller (a repartition) join the persons topic, already keyed by person id. */
    private void q3(StreamsBuilder sb) {
        KStream<String, NexmarkProjections.AuctionListing> auctions = sb.stream(prefix + "auction",
                        Consumed.with(Serdes.String(), AUCTION_LISTING))
                .filter((k, a) -> a.category() == Q3.CATEGORY)
                .selectKey((k, a) -> Long.toString(a.seller()));
        KStream<String, NexmarkProjections.PersonPlace> persons = sb.stream(prefix + "person",
                        Consumed.with(Serdes.String(), PERSON_PLACE))
                .filter((k, p) -> Q3.STATES.contains(p.state()));
        auctions.join(persons, (NexmarkProjections.AuctionListing a, NexmarkProjections.PersonPlace p) ->
                                new Q3.Result(p.name(), p.city(), p.state(), a.id()),
                        JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(Q3.JOIN_WINDOW_MS.defaultValue()),
                                grace),
                        StreamJoined.with(Serdes.String(), AUCTION_LISTING, PERSON_PLACE))
                .to(output, Produced.with(Serdes.String(), serde(Q3.RESULT)));
    }

    /**
     * The closed auctions with their winning bid (see Runnel's {@code WinningBids}): auctions join the bids of the
     * following {@code auction.max.duration.ms} (same partitions: no repartition), both projected to the fields the
     * winner needs before the join, as in Runnel's plan; qualifying bids only; a session
     * window per auction with that gap closes after the auction and keeps the highest.
     */
    private KStream<Windowed<String>, WinningBids.Winner> winningBids(StreamsBuilder sb) {
        long maxAuctionMs = WinningBids.MAX_AUCTION_MS.defaultValue();
        return auctions(sb).mapValues(WinningBids.Terms::of).join(bids(sb).mapValues(WinningBids.Offer::of),
                        WinningBids::candidate,
                        JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(maxAuctionMs), grace)
                                .before(Duration.ZERO),
                        StreamJoined.with(Serdes.String(), serde(WinningBids.TERMS), serde(WinningBids.OFFER)))
                .filter((k, w) -> w != null)
                .groupByKey(Grouped.with(Serdes.String(), WINNER))
                .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(maxAuctionMs + 1), grace))
                .reduce(WinningBids.Winner::better, Materialized.with(Serdes.String(), WINNER))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream();
    }

    private void q4(StreamsBuilder sb) {
        winningBids(sb)
                .groupBy((w, winner) -> Long.toString(winner.category()), Grouped.with(Serdes.String(), WINNER))
                .aggregate(() -> new Average(0, 0.0), (category, winner, avg) -> avg.add(winner.price()),
                        Materialized.with(Serdes.String(), AVERAGE))
                .toStream()
                .mapValues((category, avg) -> new Q4.Result(Long.parseLong(category), avg.sum() / avg.count()))
                .to(output, Produced.with(Serdes.String(), serde(Q4.RESULT)));
    }

    private void q6(StreamsBuilder sb) {
        winningBids(sb)
                .groupBy((w, winner) -> Long.toString(winner.seller()), Grouped.with(Serdes.String(), WINNER))
                .aggregate(() -> new Q6.LastSales(List.of()),
                        (seller, w, last) -> last.add(new Q6.Sale(w.expires(), w.auction(), w.price())),
                        Materialized.with(Serdes.String(), serde(Q6.LAST_SALES)))
                .toStream()
                .mapValues((seller, last) -> new Q6.Result(Long.parseLong(seller), last.avg()))
                .to(output, Produced.with(Serdes.String(), serde(Q6.RESULT)));
    }

    /**
     * Registrations (the person topic is keyed by id) and auctions re-keyed by seller (one repartition) as one
     * stream keyed by person id, aggregated per 10 s tumbling window.
     */
    private void q8(StreamsBuilder sb) {
        Serde<Q8.Activity> activity = serde(Q8.ACTIVITY);
        KStream<String, Q8.Activity> registered = sb.stream(prefix + "person",
                Consumed.with(Serdes.String(), PERSON_NAME)).mapValues(p -> new Q8.Activity(p.name()));
        KStream<String, Q8.Activity> opened = sb.stream(prefix + "auction",
                        Consumed.with(Serdes.String(), AUCTION_SELLER))
                .map((k, a) -> KeyValue.pair(Long.toString(a.seller()), new Q8.Activity(null)))
                .repartition(Repartitioned.with(Serdes.String(), activity));
        registered.merge(opened)
                .groupByKey(Grouped.with(Serdes.String(), activity))
                .windowedBy(TimeWindows.ofSizeAndGrace(Q8.SIZE, grace))
                .aggregate(() -> new Q8.Seen(null, false), (person, a, seen) -> Q8.Seen.add(seen, a),
                        Materialized.with(Serdes.String(), serde(Q8.SEEN)))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .filter((w, s) -> s.name() != null && s.auction())
                .map((w, s) -> KeyValue.pair(w.key(), new Q8.Result(Long.parseLong(w.key()), s.name(),
                        w.window().start())))
                .to(output, Produced.with(Serdes.String(), serde(Q8.RESULT)));
    }

    private void q5(KStream<String, Bid> bids) {
        Serde<Q5.Result> result = serde(Q5.RESULT);
        Serde<Q5.Hottest> hottest = serde(Q5.HOTTEST);
        bids.groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), grace).advanceBy(Duration.ofSeconds(2)))
                .count(Materialized.with(Serdes.String(), Serdes.Long()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((w, n) -> KeyValue.pair(Long.toString(w.window().start()),
                        new Q5.Result(Long.parseLong(w.key()), n, w.window().start(), w.window().end())))
                // A suppressed window's record keeps the time of its last bid, anywhere in the 10 s window: re-timed
                // to the window's end - 1 (as Runnel's plan does), each lands in the one 2 s window ending with it.
                .processValues(() -> new FixedKeyProcessor<String, Q5.Result, Q5.Result>() {
                    private FixedKeyProcessorContext<String, Q5.Result> context;

                    @Override
                    public void init(FixedKeyProcessorContext<String, Q5.Result> context) {
                        this.context = context;
                    }

                    @Override
                    public void process(FixedKeyRecord<String, Q5.Result> r) {
                        context.forward(r.withTimestamp(r.value().window_end() - 1));
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), result))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(2), grace))
                .aggregate(() -> new Q5.Hottest(0, List.of()), (k, r, h) -> Q5.Hottest.add(h, r),
                        Materialized.with(Serdes.String(), hottest))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .flatMap((w, h) -> {
                    List<KeyValue<String, Q5.Result>> out = new ArrayList<>();
                    h.auctions().stream().sorted(Comparator.comparingLong(Q5.Result::auction))
                            .forEach(r -> out.add(KeyValue.pair(Long.toString(r.auction()), r)));
                    return out;
                })
                .to(output, Produced.with(Serdes.String(), result));
    }

    private void q7(KStream<String, Bid> bids) {
        Serde<Q7.Highest> highest = serde(Q7.HIGHEST);
        bids.groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), grace))
                .aggregate(() -> new Q7.Highest(Long.MIN_VALUE, List.of()), (k, b, h) -> Q7.Highest.add(h, b),
                        Materialized.with(Serdes.String(), highest))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((w, h) -> KeyValue.pair(Long.toString(w.window().start()), h))
                .groupByKey(Grouped.with(Serdes.String(), highest))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), grace))
                .aggregate(() -> new Q7.Highest(Long.MIN_VALUE, List.of()), (k, h, acc) -> Q7.Highest.merge(acc, h),
                        Materialized.with(Serdes.String(), highest))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .flatMap((w, h) -> {
                    List<KeyValue<String, Q7.Result>> out = new ArrayList<>();
                    h.bids().stream().sorted(Comparator.comparingLong(Bid::auction).thenComparingLong(Bid::dateTime)
                                    .thenComparingLong(Bid::bidder))
                            .forEach(b -> out.add(KeyValue.pair(Long.toString(b.auction()),
                                    new Q7.Result(b.auction(), b.price(), b.bidder(), b.dateTime(), b.extra()))));
                    return out;
                })
                .to(output, Produced.with(Serdes.String(), serde(Q7.RESULT)));
    }
}
