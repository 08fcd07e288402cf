package io.runnel.nexmark;

import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Person;
import io.runnel.streams.serde.JsonByteReader;
import io.runnel.streams.serde.JsonRecordSerde;
import java.io.IOException;

/**
 * Streaming JSON codecs of the Nexmark events: the same JSON, and the same values read, as
 * {@code Serdes.json(Person.class)} etc. (fields in record component order; any other shape is read by data binding,
 * see {@link JsonRecordSerde}). Every event of a run is parsed once per query and every bid once per q0/q1 output,
 * so these are the events' per-record codec cost in both engines. Thread-safe.
 */
public final class NexmarkCodecs {
    private NexmarkCodecs() {
    }

    /** Each event's field names in the order its writer puts them (the projections match on these too). */
    static final JsonByteReader.FieldNames PERSON_FIELDS = new JsonByteReader.FieldNames("id", "name", "emailAddress",
            "creditCard", "city", "state", "dateTime", "extra");
    static final JsonByteReader.FieldNames AUCTION_FIELDS = new JsonByteReader.FieldNames("id", "itemName",
            "description", "initialBid", "reserve", "dateTime", "expires", "seller", "category", "extra");
    static final JsonByteReader.FieldNames BID_FIELDS = new JsonByteReader.FieldNames("auction", "bidder", "price",
            "channel", "url", "dateTime", "extra");

    /** {@link Person}: id, name, emailAddress, creditCard, city, state, dateTime, extra. */
    static final class PersonSerde extends JsonRecordSerde<Person> {
        private static final Name ID = name("id");
        private static final Name NAME = name("name");
        private static final Name EMAIL_ADDRESS = name("emailAddress");
        private static final Name CREDIT_CARD = name("creditCard");
        private static final Name CITY = name("city");
        private static final Name STATE = name("state");
        private static final Name DATE_TIME = name("dateTime");
        private static final Name EXTRA = name("extra");
        private static final JsonByteReader.FieldNames READ_NAMES = PERSON_FIELDS;
        private static final int ALL_FIELDS = (1 << 8) - 1;

        PersonSerde() {
            super(Person.class);
        }

        @Override
        protected boolean readsInWriteOrder() {
            return true; // READ_NAMES in writeFields' order, every field required once, any other refused
        }

        @Override
        protected void writeFields(FieldWriter w, Person v) throws IOException {
            w.longField(ID, v.id());
            w.stringField(NAME, v.name());
            w.stringField(EMAIL_ADDRESS, v.emailAddress());
            w.stringField(CREDIT_CARD, v.creditCard());
            w.stringField(CITY, v.city());
            w.stringField(STATE, v.state());
            w.longField(DATE_TIME, v.dateTime());
            w.stringField(EXTRA, v.extra());
        }

        @Override
        protected Person readFields(JsonByteReader r) throws IOException {
            long id = 0;
            long dateTime = 0;
            String name = null;
            String emailAddress = null;
            String creditCard = null;
            String city = null;
            String state = null;
            String extra = null;
            int seenMask = 0;
            for (int field = r.nextField(READ_NAMES); field != JsonByteReader.END; field = r.nextField(READ_NAMES)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); id = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); name = r.stringValue(); }
                    case 2 -> { seenMask = seen(seenMask, 2); emailAddress = r.stringValue(); }
                    case 3 -> { seenMask = seen(seenMask, 3); creditCard = r.stringValue(); }
                    case 4 -> { seenMask = seen(seenMask, 4); city = r.stringValue(); }
                    case 5 -> { seenMask = seen(seenMask, 5); state = r.stringValue(); }
                    case 6 -> { seenMask = seen(seenMask, 6); dateTime = r.longValue(); }
                    case 7 -> { seenMask = seen(seenMask, 7); extra = r.stringValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != ALL_FIELDS) {
                throw notCanonical();
            }
            return new Person(id, name, emailAddress, creditCard, city, state, dateTime, extra);
        }
    }

    /**
     * {@link Auction}: id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra.
     */
    static final class AuctionSerde extends JsonRecordSerde<Auction> {
        private static final Name ID = name("id");
        private static final Name ITEM_NAME = name("itemName");
        private static final Name DESCRIPTION = name("description");
        private static final Name INITIAL_BID = name("initialBid");
        private static final Name RESERVE = name("reserve");
        private static final Name DATE_TIME = name("dateTime");
        private static final Name EXPIRES = name("expires");
        private static final Name SELLER = name("seller");
        private static final Name CATEGORY = name("category");
        private static final Name EXTRA = name("extra");
        private static final JsonByteReader.FieldNames READ_NAMES = AUCTION_FIELDS;
        private static final int ALL_FIELDS = (1 << 10) - 1;

        AuctionSerde() {
            super(Auction.class);
        }

        @Override
        protected boolean readsInWriteOrder() {
            return true; // READ_NAMES in writeFields' order, every field required once, any other refused
        }

        @Override
        protected void writeFields(FieldWriter w, Auction v) throws IOException {
            w.longField(ID, v.id());
            w.stringField(ITEM_NAME, v.itemName());
            w.stringField(DESCRIPTION, v.description());
            w.longField(INITIAL_BID, v.initialBid());
            w.longField(RESERVE, v.reserve());
            w.longField(DATE_TIME, v.dateTime());
            w.longField(EXPIRES, v.expires());
            w.longField(SELLER, v.seller());
            w.longField(CATEGORY, v.category());
            w.stringField(EXTRA, v.extra());
        }

        @Override
        protected Auction readFields(JsonByteReader r) throws IOException {
            long id = 0;
            long initialBid = 0;
            long reserve = 0;
            long dateTime = 0;
            long expires = 0;
            long seller = 0;
            long category = 0;
            String itemName = null;
            String description = null;
            String extra = null;
            int seenMask = 0;
            for (int field = r.nextField(READ_NAMES); field != JsonByteReader.END; field = r.nextField(READ_NAMES)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); id = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); itemName = r.stringValue(); }
                    case 2 -> { seenMask = seen(seenMask, 2); description = r.stringValue(); }
                    case 3 -> { seenMask = seen(seenMask, 3); initialBid = r.longValue(); }
                    case 4 -> { seenMask = seen(seenMask, 4); reserve = r.longValue(); }
                    case 5 -> { seenMask = seen(seenMask, 5); dateTime = r.longValue(); }
                    case 6 -> { seenMask = seen(seenMask, 6); expires = r.longValue(); }
                    case 7 -> { seenMask = seen(seenMask, 7); seller = r.longValue(); }
                    case 8 -> { seenMask = seen(seenMask, 8); category = r.longValue(); }
                    case 9 -> { seenMask = seen(seenMask, 9); extra = r.stringValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != ALL_FIELDS) {
                throw notCanonical();
            }
            return new Auction(id, itemName, description, initialBid, reserve, dateTime, expires, seller, category,
                    extra);
        }
    }

    /** {@link Bid}: auction, bidder, price, channel, url, dateTime, extra. */
    static final class BidSerde extends JsonRecordSerde<Bid> {
        private static final Name AUCTION = name("auction");
        private static final Name BIDDER = name("bidder");
        private static final Name PRICE = name("price");
        private static final Name CHANNEL = name("channel");
        private static final Name URL = name("url");
        private static final Name DATE_TIME = name("dateTime");
        private static final Name EXTRA = name("extra");
        private static final JsonByteReader.FieldNames READ_NAMES = BID_FIELDS;
        private static final int ALL_FIELDS = (1 << 7) - 1;

        BidSerde() {
            super(Bid.class);
        }

        @Override
        protected boolean readsInWriteOrder() {
            return true; // READ_NAMES in writeFields' order, every field required once, any other refused
        }

        @Override
        protected void writeFields(FieldWriter w, Bid v) throws IOException {
            w.longField(AUCTION, v.auction());
            w.longField(BIDDER, v.bidder());
            w.longField(PRICE, v.price());
            w.stringField(CHANNEL, v.channel());
            w.stringField(URL, v.url());
            w.longField(DATE_TIME, v.dateTime());
            w.stringField(EXTRA, v.extra());
        }

        @Override
        protected Bid readFields(JsonByteReader r) throws IOException {
            long auction = 0;
            long bidder = 0;
            long price = 0;
            long dateTime = 0;
            String channel = null;
            String url = null;
            String extra = null;
            int seenMask = 0;
            // matched on the bytes (the field order of READ_NAMES): bids are most of the events
            for (int field = r.nextField(READ_NAMES); field != JsonByteReader.END; field = r.nextField(READ_NAMES)) {
                switch (field) {
                    case 0 -> { seenMask = seen(seenMask, 0); auction = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); bidder = r.longValue(); }
                    case 2 -> { seenMask = seen(seenMask, 2); price = r.longValue(); }
                    case 3 -> { seenMask = seen(seenMask, 3); channel = r.stringValue(); }
                    case 4 -> { seenMask = seen(seenMask, 4); url = r.stringValue(); }
                    case 5 -> { seenMask = seen(seenMask, 5); dateTime = r.longValue(); }
                    case 6 -> { seenMask = seen(seenMask, 6); extra = r.stringValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != ALL_FIELDS) {
                throw notCanonical();
            }
            return new Bid(auction, bidder, price, channel, url, dateTime, extra);
        }
    }
}
