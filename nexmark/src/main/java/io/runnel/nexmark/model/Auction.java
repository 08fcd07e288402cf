package io.runnel.nexmark.model;

/**
 * An item put up for auction by {@code seller} (a person id), open from {@code dateTime} to {@code expires} (epoch
 * ms). Prices are in cents. Topic {@code nexmark-auction}, keyed by id.
 */
public record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime,
                      long expires, long seller, long category, String extra) implements Event {
    @Override
    public long key() {
        return id;
    }
}
