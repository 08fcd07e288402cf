package io.runnel.nexmark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Person;
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

    /** {@link Person}: id, name, emailAddress, creditCard, city, state, dateTime, extra. */
    static final class PersonSerde extends JsonRecordSerde<Person> {
        private static final SerializableString ID = name("id");
        private static final SerializableString NAME = name("name");
        private static final SerializableString EMAIL_ADDRESS = name("emailAddress");
        private static final SerializableString CREDIT_CARD = name("creditCard");
        private static final SerializableString CITY = name("city");
        private static final SerializableString STATE = name("state");
        private static final SerializableString DATE_TIME = name("dateTime");
        private static final SerializableString EXTRA = name("extra");
        private static final int ALL_FIELDS = (1 << 8) - 1;

        PersonSerde() {
            super(Person.class);
        }

        @Override
        protected void writeFields(JsonGenerator g, Person v) throws IOException {
            writeLong(g, ID, v.id());
            writeString(g, NAME, v.name());
            writeString(g, EMAIL_ADDRESS, v.emailAddress());
            writeString(g, CREDIT_CARD, v.creditCard());
            writeString(g, CITY, v.city());
            writeString(g, STATE, v.state());
            writeLong(g, DATE_TIME, v.dateTime());
            writeString(g, EXTRA, v.extra());
        }

        @Override
        protected Person readFields(JsonParser p) throws IOException {
            long id = 0;
            long dateTime = 0;
            String name = null;
            String emailAddress = null;
            String creditCard = null;
            String city = null;
            String state = null;
            String extra = null;
            int seenMask = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                switch (field) {
                    case "id" -> { seenMask = seen(seenMask, 0); id = longValue(p); }
                    case "name" -> { seenMask = seen(seenMask, 1); name = stringValue(p); }
                    case "emailAddress" -> { seenMask = seen(seenMask, 2); emailAddress = stringValue(p); }
                    case "creditCard" -> { seenMask = seen(seenMask, 3); creditCard = stringValue(p); }
                    case "city" -> { seenMask = seen(seenMask, 4); city = stringValue(p); }
                    case "state" -> { seenMask = seen(seenMask, 5); state = stringValue(p); }
                    case "dateTime" -> { seenMask = seen(seenMask, 6); dateTime = longValue(p); }
                    case "extra" -> { seenMask = seen(seenMask, 7); extra = stringValue(p); }
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
        private static final SerializableString ID = name("id");
        private static final SerializableString ITEM_NAME = name("itemName");
        private static final SerializableString DESCRIPTION = name("description");
        private static final SerializableString INITIAL_BID = name("initialBid");
        private static final SerializableString RESERVE = name("reserve");
        private static final SerializableString DATE_TIME = name("dateTime");
        private static final SerializableString EXPIRES = name("expires");
        private static final SerializableString SELLER = name("seller");
        private static final SerializableString CATEGORY = name("category");
        private static final SerializableString EXTRA = name("extra");
        private static final int ALL_FIELDS = (1 << 10) - 1;

        AuctionSerde() {
            super(Auction.class);
        }

        @Override
        protected void writeFields(JsonGenerator g, Auction v) throws IOException {
            writeLong(g, ID, v.id());
            writeString(g, ITEM_NAME, v.itemName());
            writeString(g, DESCRIPTION, v.description());
            writeLong(g, INITIAL_BID, v.initialBid());
            writeLong(g, RESERVE, v.reserve());
            writeLong(g, DATE_TIME, v.dateTime());
            writeLong(g, EXPIRES, v.expires());
            writeLong(g, SELLER, v.seller());
            writeLong(g, CATEGORY, v.category());
            writeString(g, EXTRA, v.extra());
        }

        @Override
        protected Auction readFields(JsonParser p) throws IOException {
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
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                switch (field) {
                    case "id" -> { seenMask = seen(seenMask, 0); id = longValue(p); }
                    case "itemName" -> { seenMask = seen(seenMask, 1); itemName = stringValue(p); }
                    case "description" -> { seenMask = seen(seenMask, 2); description = stringValue(p); }
                    case "initialBid" -> { seenMask = seen(seenMask, 3); initialBid = longValue(p); }
                    case "reserve" -> { seenMask = seen(seenMask, 4); reserve = longValue(p); }
                    case "dateTime" -> { seenMask = seen(seenMask, 5); dateTime = longValue(p); }
                    case "expires" -> { seenMask = seen(seenMask, 6); expires = longValue(p); }
                    case "seller" -> { seenMask = seen(seenMask, 7); seller = longValue(p); }
                    case "category" -> { seenMask = seen(seenMask, 8); category = longValue(p); }
                    case "extra" -> { seenMask = seen(seenMask, 9); extra = stringValue(p); }
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
        private static final SerializableString AUCTION = name("auction");
        private static final SerializableString BIDDER = name("bidder");
        private static final SerializableString PRICE = name("price");
        private static final SerializableString CHANNEL = name("channel");
        private static final SerializableString URL = name("url");
        private static final SerializableString DATE_TIME = name("dateTime");
        private static final SerializableString EXTRA = name("extra");
        private static final int ALL_FIELDS = (1 << 7) - 1;

        BidSerde() {
            super(Bid.class);
        }

        @Override
        protected void writeFields(JsonGenerator g, Bid v) throws IOException {
            writeLong(g, AUCTION, v.auction());
            writeLong(g, BIDDER, v.bidder());
            writeLong(g, PRICE, v.price());
            writeString(g, CHANNEL, v.channel());
            writeString(g, URL, v.url());
            writeLong(g, DATE_TIME, v.dateTime());
            writeString(g, EXTRA, v.extra());
        }

        @Override
        protected Bid readFields(JsonParser p) throws IOException {
            long auction = 0;
            long bidder = 0;
            long price = 0;
            long dateTime = 0;
            String channel = null;
            String url = null;
            String extra = null;
            int seenMask = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                switch (field) {
                    case "auction" -> { seenMask = seen(seenMask, 0); auction = longValue(p); }
                    case "bidder" -> { seenMask = seen(seenMask, 1); bidder = longValue(p); }
                    case "price" -> { seenMask = seen(seenMask, 2); price = longValue(p); }
                    case "channel" -> { seenMask = seen(seenMask, 3); channel = stringValue(p); }
                    case "url" -> { seenMask = seen(seenMask, 4); url = stringValue(p); }
                    case "dateTime" -> { seenMask = seen(seenMask, 5); dateTime = longValue(p); }
                    case "extra" -> { seenMask = seen(seenMask, 6); extra = stringValue(p); }
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
