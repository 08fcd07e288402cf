package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.model.Bid;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    /**
     * The window state and the first stage's results: binary (price, bid count, then per bid its longs and its
     * strings as length-prefixed UTF-8, -1 for null). The state is read and rewritten per bid, in both engines; as
     * JSON through data binding it was a quarter of the processing thread.
     */
    public static final Serde<Highest> HIGHEST = Serde.of(Q7::write, Q7::read);

    private static byte[] write(Highest h) {
        List<byte[][]> texts = new ArrayList<>(h.bids().size());
        int size = 12;
        for (Bid b : h.bids()) {
            byte[][] t = {utf8(b.channel()), utf8(b.url()), utf8(b.extra())};
            texts.add(t);
            size += 32 + 12 + length(t[0]) + length(t[1]) + length(t[2]);
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(h.price()).putInt(h.bids().size());
        for (int i = 0; i < h.bids().size(); i++) {
            Bid b = h.bids().get(i);
            out.putLong(b.auction()).putLong(b.bidder()).putLong(b.price()).putLong(b.dateTime());
            for (byte[] t : texts.get(i)) {
                out.putInt(t == null ? -1 : t.length);
                if (t != null) {
                    out.put(t);
                }
            }
        }
        return out.array();
    }

    private static Highest read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long price = in.getLong();
        int n = in.getInt();
        List<Bid> bids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long auction = in.getLong();
            long bidder = in.getLong();
            long bidPrice = in.getLong();
            long dateTime = in.getLong();
            String channel = text(in);
            String url = text(in);
            String extra = text(in);
            bids.add(new Bid(auction, bidder, bidPrice, channel, url, dateTime, extra));
        }
        return new Highest(price, bids);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static String text(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

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
