package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
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
 * q5, hot items: per 10 s window sliding every 2 s, the auctions with the most bids (all of them on a tie). Bids
 * (keyed by auction) are counted per auction and hopping window without a repartition; the counts are re-keyed by
 * window and the maximum kept per window. A window's counts all carry the time end - 1, so a 2 s tumbling window
 * over them holds exactly one hopping window.
 */
public final class Q5 extends NexmarkQuery {
    static final Duration SIZE = Duration.ofSeconds(10);
    static final Duration SLIDE = Duration.ofSeconds(2);

    /** A hot auction of a window. */
    public record Result(long auction, long num, long window_start, long window_end) {
    }

    /** The auctions with the highest count so far in one window. */
    public record Hottest(long num, List<Result> auctions) {
        public static Hottest add(Hottest h, Result r) {
            if (h == null || r.num() > h.num()) {
                return new Hottest(r.num(), List.of(r));
            }
            if (r.num() < h.num()) {
                return h;
            }
            List<Result> all = new ArrayList<>(h.auctions());
            all.add(r);
            return new Hottest(h.num(), all);
        }
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);
    public static final Serde<Hottest> HOTTEST = Serdes.json(Hottest.class);

    public Q5() {
        super("q5", "hot items: most-bid auctions per 10 s window sliding every 2 s");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids().groupByKey()
                .window(Windows.hopping(SIZE, SLIDE))
                .count()
                .map((w, n) -> KeyValue.of(Long.toString(w.start()),
                        new Result(Long.parseLong(w.key()), n, w.start(), w.end())), Serdes.string(), RESULT)
                .keyBy((String window, Result r) -> window, Serdes.string())
                .window(Windows.tumbling(SLIDE))
                .aggregate(Aggregations.aggregate(() -> null, Hottest::add, null, HOTTEST))
                .flatMap((w, h) -> h.auctions().stream()
                        .sorted(Comparator.comparingLong(Result::auction))
                        .map(r -> KeyValue.of(Long.toString(r.auction()), r))
                        .toList())
                .to(output, Serdes.string(), RESULT);
    }
}
