package io.runnel.nexmark.model;

/** A Nexmark event: a new person, a new auction, or a bid. {@code dateTime} is its event time (epoch ms). */
public sealed interface Event permits Person, Auction, Bid {
    long dateTime();

    /** The record key its topic is keyed by: the person id, the auction id, or the bid's auction id. */
    long key();
}
