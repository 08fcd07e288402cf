package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigKey;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.util.List;

/**
 * q4, average price per category: the average winning price of the closed auctions of each category. A running
 * aggregate: each closed auction updates its category's average and emits it (keyed by category), so the latest
 * record per category is the answer over the auctions closed so far.
 */
public final class Q4 extends NexmarkQuery {
    /** The average closing price of a category. */
    public record Result(long category, double avg) {
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);

    public Q4() {
        super("q4", "average closing price per category (auction-bid join, running average)");
    }

    @Override
    protected List<ConfigKey<?>> extraParameters() {
        return List.of(WinningBids.MAX_AUCTION_MS);
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        WinningBids.of(in, parameters.get(WinningBids.MAX_AUCTION_MS))
                .keyBy((WinningBids.Winner w) -> Long.toString(w.category()), Serdes.string())
                .aggregate(Aggregations.avg((WinningBids.Winner w) -> w.price()))
                .map((category, avg) -> KeyValue.of(category, new Result(Long.parseLong(category), avg.avg())),
                        Serdes.string(), RESULT)
                .to(output);
    }
}
