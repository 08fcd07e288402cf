package io.runnel.nexmark.generator;

/**
 * What the generator's events depend on: the seed, the event time of event 0, and the event-time rate (events per
 * second of event time; event n happens at {@code baseTimeMs + n * 1000 / eventsPerSecond}). The same config gives
 * the same events.
 */
public record GeneratorConfig(long seed, long baseTimeMs, long eventsPerSecond) {
    /** Nexmark's default event rate. */
    public static final long DEFAULT_EVENTS_PER_SECOND = 10_000;

    /** Proportions of persons, auctions and bids in every 50 events. */
    public static final int PERSON_PROPORTION = 1;
    public static final int AUCTION_PROPORTION = 3;
    public static final int BID_PROPORTION = 46;
    public static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

    /** Sellers and bidders are drawn from the most recent this-many persons. */
    public static final int ACTIVE_PEOPLE = 1_000;
    /** Non-hot bids go to one of the most recent this-many auctions. */
    public static final int IN_FLIGHT_AUCTIONS = 100;
    /** Ids up to this many ahead of the newest person/auction may be referenced (not yet created). */
    public static final int ID_LEAD = 10;

    public GeneratorConfig {
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("eventsPerSecond must be at least 1, was " + eventsPerSecond);
        }
    }

    /** Event time of event number n (epoch ms). */
    public long timestampOf(long eventNumber) {
        return baseTimeMs + eventNumber * 1000L / eventsPerSecond;
    }

    /**
     * Auctions last on average as long as it takes to generate {@link #IN_FLIGHT_AUCTIONS} more auctions, at most
     * twice that: this bound (ms of event time) is what a query must wait before an auction is surely closed.
     */
    public long maxAuctionDurationMs() {
        return Math.max(2, 2 * auctionHorizonMs());
    }

    long auctionHorizonMs() {
        long events = (long) IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION / AUCTION_PROPORTION;
        return events * 1000L / eventsPerSecond;
    }
}
