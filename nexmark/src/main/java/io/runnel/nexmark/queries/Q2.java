package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;

/** q2, selection: the bids on auctions whose id is a multiple of 123. */
public final class Q2 extends NexmarkQuery {
    static final long AUCTION_MODULUS = 123;

    /** A selected bid. */
    public record Result(long auction, long price) {
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);

    public Q2() {
        super("q2", "selection: bids with auction % 123 == 0");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids().filter((k, b) -> b.auction() % AUCTION_MODULUS == 0)
                .mapValues(b -> new Result(b.auction(), b.price()), RESULT)
                .to(output);
    }
}
