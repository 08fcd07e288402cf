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
import java.time.Duration;

/**
 * The closed auctions with their winning bid, shared by q4 and q6: an auction's winning bid is its highest bid
 * placed while it was open ({@code dateTime <= bid time <= expires}) at or above the reserve; auctions without one
 * have no winner. Auctions (keyed by id) join bids (keyed by auction; the topics are co-partitioned) for
 * {@code auction.max.duration.ms} after the auction opens; each auction's qualifying bids fall into one session
 * window (gap: the same bound), which closes, with the highest bid, once the watermark passes the last bid plus
 * the gap: after the auction expired.
 */
final class WinningBids {
    static final ConfigKey<Long> MAX_AUCTION_MS = ConfigKey.of("auction.max.duration.ms", ConfigType.LONG, 60_000L,
            Validator.atLeast(1L), "Longest auction (expires - dateTime), ms of event time: bids are joined this "
                    + "long and an auction's result waits this long after its last bid. The generator's auctions "
                    + "last at most 2 * 1667 events: 333 ms at 10,000 events/s, 56 s at 60 events/s.");

    /** A closed auction and its winning bid. */
    record Winner(long auction, long seller, long category, long expires, long price, long bidTime) {
        /** The higher bid; on equal prices the earlier. */
        static Winner better(Winner a, Winner b) {
            if (a.price != b.price) {
                return a.price > b.price ? a : b;
            }
            return a.bidTime <= b.bidTime ? a : b;
        }
    }

    static final Serde<Winner> WINNER = Serdes.json(Winner.class);

    private WinningBids() {
    }

    static Stream<Windowed<String>, Winner> of(NexmarkQuery.Inputs in, long maxAuctionMs) {
        Stream<String, Auction> auctions = in.auctions();
        Stream<String, Bid> bids = in.bids();
        return auctions.join(bids, (Auction a, Bid b) -> b.dateTime() <= a.expires() && b.price() >= a.reserve()
                                ? new Winner(a.id(), a.seller(), a.category(), a.expires(), b.price(), b.dateTime())
                                : null,
                        JoinWindows.of(Duration.ZERO).after(Duration.ofMillis(maxAuctionMs)))
                .filter((k, w) -> w != null)
                .withSerdes(Serdes.string(), WINNER)
                .groupByKey()
                .window(Windows.session(Duration.ofMillis(maxAuctionMs + 1)))
                .reduce(Winner::better)
                .mapValues(w -> w, WINNER);
    }
}
