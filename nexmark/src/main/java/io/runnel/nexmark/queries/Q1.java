package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.NexmarkProjections;
import io.runnel.streams.serde.JsonByteReader;
import io.runnel.streams.serde.JsonRecordSerde;
import io.runnel.streams.serde.Serde;
import java.io.IOException;

/** q1, currency conversion: every bid with its price in euros ({@code price * 0.908}). */
public final class Q1 extends NexmarkQuery {
    static final double DOLLAR_TO_EURO = 0.908;

    /** A converted bid. */
    public record Result(long auction, long bidder, double price, long dateTime, String extra) {
    }

    /** Written once per bid: a streaming codec with the JSON of {@code Serdes.json(Result.class)}. */
    public static final Serde<Result> RESULT = new ResultSerde();

    /** {@link Result}: auction, bidder, price, dateTime, extra. */
    static final class ResultSerde extends JsonRecordSerde<Result> {
        private static final Name AUCTION = name("auction");
        private static final Name BIDDER = name("bidder");
        private static final Name PRICE = name("price");
        private static final Name DATE_TIME = name("dateTime");
        private static final Name EXTRA = name("extra");
        private static final int ALL_FIELDS = (1 << 5) - 1;

        ResultSerde() {
            super(Result.class);
        }

        @Override
        protected void writeFields(FieldWriter w, Result v) throws IOException {
            w.longField(AUCTION, v.auction());
            w.longField(BIDDER, v.bidder());
            w.doubleField(PRICE, v.price());
            w.longField(DATE_TIME, v.dateTime());
            w.stringField(EXTRA, v.extra());
        }

        @Override
        protected Result readFields(JsonByteReader r) throws IOException {
            long auction = 0;
            long bidder = 0;
            double price = 0;
            long dateTime = 0;
            String extra = null;
            int seenMask = 0;
            for (String field = r.nextField(); field != null; field = r.nextField()) {
                switch (field) {
                    case "auction" -> { seenMask = seen(seenMask, 0); auction = r.longValue(); }
                    case "bidder" -> { seenMask = seen(seenMask, 1); bidder = r.longValue(); }
                    case "price" -> { seenMask = seen(seenMask, 2); price = r.doubleValue(); }
                    case "dateTime" -> { seenMask = seen(seenMask, 3); dateTime = r.longValue(); }
                    case "extra" -> { seenMask = seen(seenMask, 4); extra = r.stringValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != ALL_FIELDS) {
                throw notCanonical();
            }
            return new Result(auction, bidder, price, dateTime, extra);
        }
    }

    public Q1() {
        super("q1", "currency conversion: bids with price * 0.908");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        in.bids(NexmarkProjections.BID_SELECTION).mapValues(b -> new Result(b.auction(), b.bidder(), b.price() * DOLLAR_TO_EURO, b.dateTime(),
                b.extra()), RESULT).to(output);
    }
}
