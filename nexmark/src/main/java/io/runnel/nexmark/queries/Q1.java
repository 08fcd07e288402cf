package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;

/** q1, currency conversion: every bid with its price in euros ({@code price * 0.908}). */
public final class Q1 extends NexmarkQuery {
    static final double DOLLAR_TO_EURO = 0.908;

    /** A converted bid. */
    public record Result(long auction, long bidder, double price, long dateTime, String extra) {
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);

    public Q1() {
        super("q1", "currency conversion: bids with price * 0.908");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids().mapValues(b -> new Result(b.auction(), b.bidder(), b.price() * DOLLAR_TO_EURO, b.dateTime(),
                b.extra()), RESULT).to(output);
    }
}
