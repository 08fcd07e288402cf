package io.runnel.nexmark;

import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Person;
import io.runnel.streams.serde.Serde;

/**
 * The Nexmark topics and their serdes: JSON values, keys the decimal id as a string (persons and auctions by id,
 * bids by auction), so the three topics are co-partitioned on auction/person id when they have the same partition
 * count. Query q{N} writes to {@code nexmark-qN}. A prefix other than {@code nexmark-} gives independent input
 * topics ({@code <prefix>person} ...), e.g. one set per benchmark run.
 */
public final class NexmarkTopics {
    /** The default prefix of the input topics. */
    public static final String DEFAULT_PREFIX = "nexmark-";
    public static final String PERSON = DEFAULT_PREFIX + "person";
    public static final String AUCTION = DEFAULT_PREFIX + "auction";
    public static final String BID = DEFAULT_PREFIX + "bid";

    /** Streaming codecs with the JSON of {@code Serdes.json(Person.class)} etc. ({@link NexmarkCodecs}). */
    public static final Serde<Person> PERSON_SERDE = new NexmarkCodecs.PersonSerde();
    public static final Serde<Auction> AUCTION_SERDE = new NexmarkCodecs.AuctionSerde();
    public static final Serde<Bid> BID_SERDE = new NexmarkCodecs.BidSerde();

    private NexmarkTopics() {
    }

    public static String output(String query) {
        return "nexmark-" + query;
    }
}
