package io.runnel.bench.nexmark;

import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.queries.Q1;
import io.runnel.nexmark.queries.Q2;
import io.runnel.nexmark.queries.Q5;
import io.runnel.nexmark.queries.Q7;
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
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The Nexmark queries q0, q1, q2, q5 and q7 on Kafka Streams (the benchmark's baseline), with the same semantics,
 * JSON records and keys as Runnel's pipelines: windowed results are final (suppressed until the window closes,
 * grace = the same out-of-orderness bound), and q5/q7 aggregate per auction first, then per window.
 */
final class KafkaStreamsNexmark {
    static final List<String> QUERIES = List.of("q0", "q1", "q2", "q5", "q7");

    private final String bidTopic;
    private final String output;
    private final Duration grace;

    KafkaStreamsNexmark(String prefix, String output, Duration grace) {
        this.bidTopic = prefix + "bid";
        this.output = output;
        this.grace = grace;
    }

    static <T> Serde<T> serde(io.runnel.streams.serde.Serde<T> runnel) {
        return Serdes.serdeFrom((Serializer<T>) (topic, v) -> runnel.serialize(v),
                (Deserializer<T>) (topic, b) -> runnel.deserialize(b));
    }

    private static final Serde<Bid> BID = serde(io.runnel.nexmark.NexmarkTopics.BID_SERDE);

    void build(String query, StreamsBuilder sb) {
        var bids = sb.stream(bidTopic, Consumed.with(Serdes.String(), BID));
        switch (query) {
            case "q0" -> bids.to(output, Produced.with(Serdes.String(), BID));
            case "q1" -> bids.mapValues(b -> new Q1.Result(b.auction(), b.bidder(), b.price() * 0.908, b.dateTime(),
                    b.extra())).to(output, Produced.with(Serdes.String(), serde(Q1.RESULT)));
            case "q2" -> bids.filter((k, b) -> b.auction() % 123 == 0)
                    .mapValues(b -> new Q2.Result(b.auction(), b.price()))
                    .to(output, Produced.with(Serdes.String(), serde(Q2.RESULT)));
            case "q5" -> q5(bids);
            case "q7" -> q7(bids);
            default -> throw new IllegalArgumentException("no Kafka Streams version of " + query);
        }
    }

    private void q5(org.apache.kafka.streams.kstream.KStream<String, Bid> bids) {
        Serde<Q5.Result> result = serde(Q5.RESULT);
        Serde<Q5.Hottest> hottest = serde(Q5.HOTTEST);
        bids.groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), grace).advanceBy(Duration.ofSeconds(2)))
                .count(Materialized.with(Serdes.String(), Serdes.Long()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((w, n) -> KeyValue.pair(Long.toString(w.window().start()),
                        new Q5.Result(Long.parseLong(w.key()), n, w.window().start(), w.window().end())))
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

    private void q7(org.apache.kafka.streams.kstream.KStream<String, Bid> bids) {
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
