package io.runnel.nexmark;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.runnel.streams.serde.JsonByteReader;
import io.runnel.streams.serde.JsonRecordSerde;
import io.runnel.streams.serde.Serde;
import java.io.IOException;

/**
 * Projections of the Nexmark events: the fields a query uses, read from the event's JSON without the others (a
 * SQL engine pushes a query's SELECT list down to its source the same way). Each reads what
 * {@code Serdes.json(Projection.class)} reads, which ignores fields the record lacks: the fast path skips them
 * unread (no string built, no number converted; their syntax still checked) and hands anything else to data binding.
 * Both engines' queries read their inputs through these where a query keeps only part of an event, and write them
 * (their own fields only) where the part travels on: q3's auctions through a repartition topic into the join state.
 */
public final class NexmarkProjections {
    private NexmarkProjections() {
    }

    /** A bid's auction and price (q2). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuctionPrice(long auction, long price) {
    }

    /** A bid without its channel and url (q1's SELECT list). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BidSelection(long auction, long bidder, long price, long dateTime, String extra) {
    }

    /** An auction's seller (q8). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuctionSeller(long seller) {
    }

    /** A person's name (q8). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PersonName(String name) {
    }

    /** An auction's id, seller and category (q3). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuctionListing(long id, long seller, long category) {
    }

    /** A person's id, name and where they live (q3). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PersonPlace(long id, String name, String city, String state) {
    }

    public static final Serde<AuctionPrice> AUCTION_PRICE = new AuctionPriceSerde();
    public static final Serde<BidSelection> BID_SELECTION = new BidSelectionSerde();
    public static final Serde<AuctionSeller> AUCTION_SELLER = new AuctionSellerSerde();
    public static final Serde<PersonName> PERSON_NAME = new PersonNameSerde();
    public static final Serde<AuctionListing> AUCTION_LISTING = new AuctionListingSerde();
    public static final Serde<PersonPlace> PERSON_PLACE = new PersonPlaceSerde();

    /** The events' field names in write order: matched on the bytes, the expected one first. */
    private static final JsonByteReader.FieldNames BID_FIELDS = NexmarkCodecs.BID_FIELDS;
    private static final JsonByteReader.FieldNames AUCTION_FIELDS = NexmarkCodecs.AUCTION_FIELDS;
    private static final JsonByteReader.FieldNames PERSON_FIELDS = NexmarkCodecs.PERSON_FIELDS;

    private static final class AuctionPriceSerde extends JsonRecordSerde<AuctionPrice> {
        private static final Name AUCTION = name("auction");
        private static final Name PRICE = name("price");

        AuctionPriceSerde() {
            super(AuctionPrice.class);
        }

        @Override
        protected void writeFields(FieldWriter w, AuctionPrice v) throws IOException {
            w.longField(AUCTION, v.auction());
            w.longField(PRICE, v.price());
        }

        @Override
        protected AuctionPrice readFields(JsonByteReader r) throws IOException {
            long auction = 0;
            long price = 0;
            int seenMask = 0;
            for (int field = r.nextField(BID_FIELDS); field != JsonByteReader.END; field = r.nextField(BID_FIELDS)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); auction = r.longValue(); }
                    case 2 -> { seenMask = seen(seenMask, 1); price = r.longValue(); }
                    default -> r.skipValue();
                }
            }
            if (seenMask != 0b11) {
                throw notCanonical();
            }
            return new AuctionPrice(auction, price);
        }
    }

    private static final class BidSelectionSerde extends JsonRecordSerde<BidSelection> {
        private static final Name AUCTION = name("auction");
        private static final Name BIDDER = name("bidder");
        private static final Name PRICE = name("price");
        private static final Name DATE_TIME = name("dateTime");
        private static final Name EXTRA = name("extra");

        BidSelectionSerde() {
            super(BidSelection.class);
        }

        @Override
        protected void writeFields(FieldWriter w, BidSelection v) throws IOException {
            w.longField(AUCTION, v.auction());
            w.longField(BIDDER, v.bidder());
            w.longField(PRICE, v.price());
            w.longField(DATE_TIME, v.dateTime());
            w.stringField(EXTRA, v.extra());
        }

        @Override
        protected BidSelection readFields(JsonByteReader r) throws IOException {
            long auction = 0;
            long bidder = 0;
            long price = 0;
            long dateTime = 0;
            String extra = null;
            int seenMask = 0;
            for (int field = r.nextField(BID_FIELDS); field != JsonByteReader.END; field = r.nextField(BID_FIELDS)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); auction = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); bidder = r.longValue(); }
                    case 2 -> { seenMask = seen(seenMask, 2); price = r.longValue(); }
                    case 5 -> { seenMask = seen(seenMask, 3); dateTime = r.longValue(); }
                    case 6 -> { seenMask = seen(seenMask, 4); extra = r.stringValue(); }
                    default -> r.skipValue();
                }
            }
            if (seenMask != 0b11111) {
                throw notCanonical();
            }
            return new BidSelection(auction, bidder, price, dateTime, extra);
        }
    }

    private static final class AuctionSellerSerde extends JsonRecordSerde<AuctionSeller> {
        private static final Name SELLER = name("seller");

        AuctionSellerSerde() {
            super(AuctionSeller.class);
        }

        @Override
        protected void writeFields(FieldWriter w, AuctionSeller v) throws IOException {
            w.longField(SELLER, v.seller());
        }

        @Override
        protected AuctionSeller readFields(JsonByteReader r) throws IOException {
            long seller = 0;
            int seenMask = 0;
            for (int field = r.nextField(AUCTION_FIELDS); field != JsonByteReader.END;
                    field = r.nextField(AUCTION_FIELDS)) {
                if (field == 7) {
                    seenMask = seen(seenMask, 0);
                    seller = r.longValue();
                } else {
                    r.skipValue();
                }
            }
            if (seenMask != 1) {
                throw notCanonical();
            }
            return new AuctionSeller(seller);
        }
    }

    private static final class PersonNameSerde extends JsonRecordSerde<PersonName> {
        private static final Name NAME = name("name");

        PersonNameSerde() {
            super(PersonName.class);
        }

        @Override
        protected void writeFields(FieldWriter w, PersonName v) throws IOException {
            w.stringField(NAME, v.name());
        }

        @Override
        protected PersonName readFields(JsonByteReader r) throws IOException {
            String name = null;
            int seenMask = 0;
            for (int field = r.nextField(PERSON_FIELDS); field != JsonByteReader.END;
                    field = r.nextField(PERSON_FIELDS)) {
                if (field == 1) {
                    seenMask = seen(seenMask, 0);
                    name = r.stringValue();
                } else {
                    r.skipValue();
                }
            }
            if (seenMask != 1) {
                throw notCanonical();
            }
            return new PersonName(name);
        }
    }
    private static final class AuctionListingSerde extends JsonRecordSerde<AuctionListing> {
        private static final Name ID = name("id");
        private static final Name SELLER = name("seller");
        private static final Name CATEGORY = name("category");

        AuctionListingSerde() {
            super(AuctionListing.class);
        }

        @Override
        protected void writeFields(FieldWriter w, AuctionListing v) throws IOException {
            w.longField(ID, v.id());
            w.longField(SELLER, v.seller());
            w.longField(CATEGORY, v.category());
        }

        @Override
        protected AuctionListing readFields(JsonByteReader r) throws IOException {
            long id = 0;
            long seller = 0;
            long category = 0;
            int seenMask = 0;
            for (int field = r.nextField(AUCTION_FIELDS); field != JsonByteReader.END;
                    field = r.nextField(AUCTION_FIELDS)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); id = r.longValue(); }
                    case 7 -> { seenMask = seen(seenMask, 1); seller = r.longValue(); }
                    case 8 -> { seenMask = seen(seenMask, 2); category = r.longValue(); }
                    default -> r.skipValue();
                }
            }
            if (seenMask != 0b111) {
                throw notCanonical();
            }
            return new AuctionListing(id, seller, category);
        }
    }

    private static final class PersonPlaceSerde extends JsonRecordSerde<PersonPlace> {
        private static final Name ID = name("id");
        private static final Name NAME = name("name");
        private static final Name CITY = name("city");
        private static final Name STATE = name("state");

        PersonPlaceSerde() {
            super(PersonPlace.class);
        }

        @Override
        protected void writeFields(FieldWriter w, PersonPlace v) throws IOException {
            w.longField(ID, v.id());
            w.stringField(NAME, v.name());
            w.stringField(CITY, v.city());
            w.stringField(STATE, v.state());
        }

        @Override
        protected PersonPlace readFields(JsonByteReader r) throws IOException {
            long id = 0;
            String name = null;
            String city = null;
            String state = null;
            int seenMask = 0;
            for (int field = r.nextField(PERSON_FIELDS); field != JsonByteReader.END;
                    field = r.nextField(PERSON_FIELDS)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); id = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); name = r.stringValue(); }
                    case 4 -> { seenMask = seen(seenMask, 2); city = r.stringValue(); }
                    case 5 -> { seenMask = seen(seenMask, 3); state = r.stringValue(); }
                    default -> r.skipValue();
                }
            }
            if (seenMask != 0b1111) {
                throw notCanonical();
            }
            return new PersonPlace(id, name, city, state);
        }
    }
}
