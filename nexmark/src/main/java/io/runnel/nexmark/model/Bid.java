package io.runnel.nexmark.model;

/** A bid of {@code price} cents by person {@code bidder} on {@code auction}. Topic {@code nexmark-bid}, keyed by auction. */
public record Bid(long auction, long bidder, long price, String channel, String url, long dateTime, String extra)
        implements Event {
    @Override
    public long key() {
        return auction;
    }
}
