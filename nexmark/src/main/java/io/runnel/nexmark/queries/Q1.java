package io.runnel.nexmark.queries;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import io.runnel.common.config.Config;
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
        private static final SerializableString AUCTION = name("auction");
        private static final SerializableString BIDDER = name("bidder");
        private static final SerializableString PRICE = name("price");
        private static final SerializableString DATE_TIME = name("dateTime");
        private static final SerializableString EXTRA = name("extra");
        private static final int ALL_FIELDS = (1 << 5) - 1;

        ResultSerde() {
            super(Result.class);
        }

        @Override
        protected void writeFields(JsonGenerator g, Result v) throws IOException {
            writeLong(g, AUCTION, v.auction());
            writeLong(g, BIDDER, v.bidder());
            writeDouble(g, PRICE, v.price());
            writeLong(g, DATE_TIME, v.dateTime());
            writeString(g, EXTRA, v.extra());
        }

        @Override
        protected Result readFields(JsonParser p) throws IOException {
            long auction = 0;
            long bidder = 0;
            double price = 0;
            long dateTime = 0;
            String extra = null;
            int seenMask = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                switch (field) {
                    case "auction" -> { seenMask = seen(seenMask, 0); auction = longValue(p); }
                    case "bidder" -> { seenMask = seen(seenMask, 1); bidder = longValue(p); }
                    case "price" -> { seenMask = seen(seenMask, 2); price = doubleValue(p); }
                    case "dateTime" -> { seenMask = seen(seenMask, 3); dateTime = longValue(p); }
                    case "extra" -> { seenMask = seen(seenMask, 4); extra = stringValue(p); }
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
        in.bids().mapValues(b -> new Result(b.auction(), b.bidder(), b.price() * DOLLAR_TO_EURO, b.dateTime(),
                b.extra()), RESULT).to(output);
    }
}
