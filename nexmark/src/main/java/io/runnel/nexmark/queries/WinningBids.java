package io.runnel.nexmark.queries;

import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.Stream;
import io.runnel.streams.Windowed;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The closed auctions with their winning bid, shared by q4 and q6: an auction's winning bid is its highest bid
 * placed while it was open ({@code dateTime <= bid time <= expires}) at or above the reserve; auctions without one
 * have no winner. Auctions (keyed by id; only their {@link Terms}) join bids (keyed by auction, only their
 * {@link Offer}s; the topics are co-partitioned) for
 * {@code auction.max.duration.ms} after the auction opens; each auction's qualifying bids fall into one session
 * window (gap: the same bound), which closes, with the highest bid, once the watermark passes the last bid plus
 * the gap: after the auction expired.
 */
public final class WinningBids {
    public static final ConfigKey<Long> MAX_AUCTION_MS = ConfigKey.of("auction.max.duration.ms", ConfigType.LONG,
            60_000L,
            Validator.atLeast(1L), "Longest auction (expires - dateTime), ms of event time: bids are joined this "
                    + "long and an auction's result waits this long after its last bid. The generator's auctions "
                    + "last at most 2 * 1667 events: 333 ms at 10,000 events/s, 56 s at 60 events/s.");

    /** A closed auction and its winning bid. */
    public record Winner(long auction, long seller, long category, long expires, long price, long bidTime) {
        /** The higher bid; on equal prices the earlier. */
        public static Winner better(Winner a, Winner b) {
            if (a.price != b.price) {
                return a.price > b.price ? a : b;
            }
            return a.bidTime <= b.bidTime ? a : b;
        }
    }

    /** The fields of an auction that decide and describe its winner: what the join keeps of each auction. */
    public record Terms(long id, long seller, long category, long reserve, long expires) {
        public static Terms of(Auction a) {
            return new Terms(a.id(), a.seller(), a.category(), a.reserve(), a.expires());
        }
    }

    /** A bid's price and time: what the join keeps of each bid. */
    public record Offer(long price, long dateTime) {
        public static Offer of(Bid b) {
            return new Offer(b.price(), b.dateTime());
        }
    }

    /** Fixed-size big-endian longs in field order: intermediate records (join state, sessions, repartitions). */
    public static final Serde<Winner> WINNER = Serde.of(
            w -> ByteBuffer.allocate(48).putLong(w.auction()).putLong(w.seller()).putLong(w.category())
                    .putLong(w.expires()).putLong(w.price()).putLong(w.bidTime()).array(),
            b -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new Winner(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(),
                        buf.getLong());
            });
    public static final Serde<Terms> TERMS = Serde.of(
            t -> ByteBuffer.allocate(40).putLong(t.id()).putLong(t.seller()).putLong(t.category())
                    .putLong(t.reserve()).putLong(t.expires()).array(),
            b -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new Terms(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
            });
    public static final Serde<Offer> OFFER = Serde.of(
            o -> ByteBuffer.allocate(16).putLong(o.price()).putLong(o.dateTime()).array(),
            b -> {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new Offer(buf.getLong(), buf.getLong());
            });

    private WinningBids() {
    }

    /** The joiner: a winner candidate if the bid was placed while the auction was open, at or above the reserve. */
    public static Winner candidate(Terms a, Offer b) {
        return b.dateTime() <= a.expires() && b.price() >= a.reserve()
                ? new Winner(a.id(), a.seller(), a.category(), a.expires(), b.price(), b.dateTime())
                : null;
    }

    static Stream<Windowed<String>, Winner> of(NexmarkQuery.Inputs in, long maxAuctionMs) {
        // Projected before the join (as a SQL planner pushes projections down): the join state holds 40-byte terms
        // and 16-byte offers instead of the events' JSON.
        Stream<String, Terms> auctions = in.auctions().mapValues(Terms::of, TERMS);
        Stream<String, Offer> bids = in.bids().mapValues(Offer::of, OFFER);
        return auctions.join(bids, WinningBids::candidate,
                        JoinWindows.of(Duration.ZERO).after(Duration.ofMillis(maxAuctionMs)))
                .filter((k, w) -> w != null)
                .withSerdes(Serdes.string(), WINNER)
                .groupByKey()
                .window(Windows.session(Duration.ofMillis(maxAuctionMs + 1)))
                .reduce(Winner::better)
                .mapValues(w -> w, WINNER);
    }
}
