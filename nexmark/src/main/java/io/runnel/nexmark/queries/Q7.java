package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.model.Bid;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * q7, highest bid: per 10 s tumbling window, the bid(s) with the highest price. Two stages: the highest bids per
 * auction and window (bids are keyed by auction: no repartition of the bids), then those re-keyed by window and
 * reduced to the window's highest; the first stage's results carry the time end - 1, so they land in the same window.
 */
public final class Q7 extends NexmarkQuery {
    static final Duration SIZE = Duration.ofSeconds(10);

    /** A highest bid of a window. */
    public record Result(long auction, long price, long bidder, long dateTime, String extra) {
    }

    /** The bids with the highest price seen so far. */
    public record Highest(long price, List<Bid> bids) {
        public static Highest add(Highest h, Bid b) {
            return merge(h, new Highest(b.price(), List.of(b)));
        }

        public static Highest merge(Highest a, Highest b) {
            if (a == null || b.price > a.price) {
                return b;
            }
            if (b.price < a.price) {
                return a;
            }
            List<Bid> all = new ArrayList<>(a.bids);
            all.addAll(b.bids);
            return new Highest(a.price, all);
        }
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);
    public static final Serde<Highest> HIGHEST = Serdes.json(Highest.class);

    public Q7() {
        super("q7", "highest bid per 10 s tumbling window");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids().groupByKey()
                .window(Windows.tumbling(SIZE))
                .aggregate(Aggregations.aggregate(() -> null, Highest::add, Highest::merge, HIGHEST))
                .map((w, h) -> KeyValue.of(Long.toString(w.start()), h), Serdes.string(), HIGHEST)
                .keyBy((String window, Highest h) -> window, Serdes.string())
                .window(Windows.tumbling(SIZE))
                .aggregate(Aggregations.aggregate(() -> null, Highest::merge, Highest::merge, HIGHEST))
                .flatMap((w, h) -> h.bids().stream()
                        .sorted(Comparator.comparingLong(Bid::auction).thenComparingLong(Bid::dateTime)
                                .thenComparingLong(Bid::bidder))
                        .map(b -> KeyValue.of(Long.toString(b.auction()),
                                new Result(b.auction(), b.price(), b.bidder(), b.dateTime(), b.extra())))
                        .toList())
                .to(output, Serdes.string(), RESULT);
    }
}
