package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigKey;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * q6, average selling price by seller: per seller, the average winning price of their last 10 closed auctions
 * ("last" by closing time, then auction id, so the answer does not depend on the order in which closed auctions
 * reach the seller's task). A running aggregate: each closed auction emits its seller's new average.
 */
public final class Q6 extends NexmarkQuery {
    public static final int LAST_AUCTIONS = 10;

    /** A seller's average selling price. */
    public record Result(long seller, double avg) {
    }

    /** A closed auction's price, ordered by closing time. */
    public record Sale(long expires, long auction, long price) {
    }

    /** Up to the last 10 sales, oldest first. */
    public record LastSales(List<Sale> sales) {
        static final Comparator<Sale> ORDER = Comparator.comparingLong(Sale::expires).thenComparingLong(Sale::auction);

        public LastSales add(Sale s) {
            List<Sale> all = new ArrayList<>(sales);
            all.add(s);
            all.sort(ORDER);
            return new LastSales(all.size() > LAST_AUCTIONS ? all.subList(all.size() - LAST_AUCTIONS, all.size())
                    : all);
        }

        public double avg() {
            return sales.stream().mapToLong(Sale::price).average().orElse(Double.NaN);
        }
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);
    public static final Serde<LastSales> LAST_SALES = Serdes.json(LastSales.class);

    public Q6() {
        super("q6", "average selling price per seller over their last 10 closed auctions");
    }

    @Override
    protected List<ConfigKey<?>> extraParameters() {
        return List.of(WinningBids.MAX_AUCTION_MS);
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        WinningBids.of(in, parameters.get(WinningBids.MAX_AUCTION_MS))
                .keyBy((WinningBids.Winner w) -> Long.toString(w.seller()), Serdes.string())
                .aggregate(Aggregations.aggregate(() -> new LastSales(List.of()),
                        (LastSales l, WinningBids.Winner w) -> l.add(new Sale(w.expires(), w.auction(), w.price())),
                        null, LAST_SALES))
                .map((seller, last) -> KeyValue.of(seller, new Result(Long.parseLong(seller), last.avg())),
                        Serdes.string(), RESULT)
                .to(output);
    }
}
