package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.NexmarkProjections;
import io.runnel.streams.serde.JsonByteReader;
import io.runnel.streams.serde.JsonRecordSerde;
import io.runnel.streams.serde.Serde;
import java.io.IOException;

/** q2, selection: the bids on auctions whose id is a multiple of 123. */
public final class Q2 extends NexmarkQuery {
    static final long AUCTION_MODULUS = 123;

    /** A selected bid. */
    public record Result(long auction, long price) {
    }

    /** A streaming codec with the JSON of {@code Serdes.json(Result.class)}. */
    public static final Serde<Result> RESULT = new ResultSerde();

    /** {@link Result}: auction, price. */
    static final class ResultSerde extends JsonRecordSerde<Result> {
        private static final Name AUCTION = name("auction");
        private static final Name PRICE = name("price");
        private static final int ALL_FIELDS = (1 << 2) - 1;

        ResultSerde() {
            super(Result.class);
        }

        @Override
        protected void writeFields(FieldWriter w, Result v) throws IOException {
            w.longField(AUCTION, v.auction());
            w.longField(PRICE, v.price());
        }

        @Override
        protected Result readFields(JsonByteReader r) throws IOException {
            long auction = 0;
            long price = 0;
            int seenMask = 0;
            for (String field = r.nextField(); field != null; field = r.nextField()) {
                switch (field) {
                    case "auction" -> { seenMask = seen(seenMask, 0); auction = r.longValue(); }
                    case "price" -> { seenMask = seen(seenMask, 1); price = r.longValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != ALL_FIELDS) {
                throw notCanonical();
            }
            return new Result(auction, price);
        }
    }

    public Q2() {
        super("q2", "selection: bids with auction % 123 == 0");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids(NexmarkProjections.AUCTION_PRICE).filter((k, b) -> b.auction() % AUCTION_MODULUS == 0)
                .mapValues(b -> new Result(b.auction(), b.price()), RESULT)
                .to(output);
    }
}
