package io.runnel.nexmark.generator;

import static io.runnel.nexmark.generator.GeneratorConfig.ACTIVE_PEOPLE;
import static io.runnel.nexmark.generator.GeneratorConfig.AUCTION_PROPORTION;
import static io.runnel.nexmark.generator.GeneratorConfig.ID_LEAD;
import static io.runnel.nexmark.generator.GeneratorConfig.IN_FLIGHT_AUCTIONS;
import static io.runnel.nexmark.generator.GeneratorConfig.PERSON_PROPORTION;
import static io.runnel.nexmark.generator.GeneratorConfig.TOTAL_PROPORTION;

import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import java.util.SplittableRandom;

/**
 * The Nexmark event generator: event n is a pure function of the config and n, so any range of events can be
 * generated independently and reproducibly. Per the Nexmark rules: of every 50 events 1 is a person, 3 are auctions
 * and 46 are bids; ids are dense and increasing (first person and auction id 1000, categories 10-14); sellers and
 * bidders come from the most recent 1000 persons, mostly "hot" ones, bids mostly go to hot auctions, and a few ids
 * may point slightly ahead (persons or auctions not yet created); prices (cents) are log-uniform between $1 and
 * $1,000,000; each event carries an {@code extra} string that pads it to an average size (persons 200 bytes,
 * auctions 500, bids 100). Stateless, so thread-safe.
 */
public final class NexmarkGenerator {
    public static final long FIRST_PERSON_ID = 1000;
    public static final long FIRST_AUCTION_ID = 1000;
    public static final long FIRST_CATEGORY_ID = 10;
    public static final int CATEGORIES = 5;

    /** 1 in this many sellers, bidders and auctions is drawn uniformly; the others are the current hot one. */
    private static final int HOT_SELLER_RATIO = 4;
    private static final int HOT_BIDDER_RATIO = 4;
    private static final int HOT_AUCTION_RATIO = 2;
    /** Hot persons and auctions: the most recent id rounded down to a multiple of this. */
    private static final int HOT_ID_STRIDE = 100;
    private static final int HOT_CHANNEL_RATIO = 100;
    private static final int CHANNELS = 10_000;

    private static final int AVG_PERSON_BYTES = 200;
    private static final int AVG_AUCTION_BYTES = 500;
    private static final int AVG_BID_BYTES = 100;

    private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie",
        "Sarah", "Deiter", "Walter"};
    private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith",
        "Jones", "Noris"};
    private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
        "Redmond", "Seattle", "Kent", "Cheyenne"};
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    private final GeneratorConfig config;

    public NexmarkGenerator(GeneratorConfig config) {
        this.config = config;
    }

    public GeneratorConfig config() {
        return config;
    }

    /** The kind of event n, from its position in its group of 50: person, then 3 auctions, then 46 bids. */
    public static Kind kindOf(long eventNumber) {
        long rem = eventNumber % TOTAL_PROPORTION;
        if (rem < PERSON_PROPORTION) {
            return Kind.PERSON;
        }
        return rem < PERSON_PROPORTION + AUCTION_PROPORTION ? Kind.AUCTION : Kind.BID;
    }

    /** The three kinds of event. */
    public enum Kind { PERSON, AUCTION, BID }

    public Event event(long eventNumber) {
        SplittableRandom random = new SplittableRandom(mix(config.seed() ^ mix(eventNumber)));
        long ts = config.timestampOf(eventNumber);
        return switch (kindOf(eventNumber)) {
            case PERSON -> person(eventNumber, random, ts);
            case AUCTION -> auction(eventNumber, random, ts);
            case BID -> bid(eventNumber, random, ts);
        };
    }

    private Person person(long n, SplittableRandom random, long ts) {
        long id = lastPersonIndex(n) + FIRST_PERSON_ID;
        String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = letters(random, 7) + "@" + letters(random, 5) + ".com";
        String card = String.format("%04d %04d %04d %04d", random.nextInt(10_000), random.nextInt(10_000),
                random.nextInt(10_000), random.nextInt(10_000));
        String city = CITIES[random.nextInt(CITIES.length)];
        String state = STATES[random.nextInt(STATES.length)];
        int size = 8 + name.length() + email.length() + card.length() + city.length() + state.length() + 8;
        return new Person(id, name, email, card, city, state, ts, extra(random, size, AVG_PERSON_BYTES));
    }

    private Auction auction(long n, SplittableRandom random, long ts) {
        long id = lastAuctionIndex(n) + FIRST_AUCTION_ID;
        long seller = random.nextInt(HOT_SELLER_RATIO) > 0
                ? lastPersonIndex(n) / HOT_ID_STRIDE * HOT_ID_STRIDE
                : recentPersonIndex(n, random);
        seller += FIRST_PERSON_ID;
        long category = FIRST_CATEGORY_ID + random.nextInt(CATEGORIES);
        long initialBid = price(random);
        long reserve = initialBid + price(random);
        long expires = ts + 1 + random.nextLong(Math.max(1, 2 * config.auctionHorizonMs()));
        String itemName = words(random, 20);
        String description = words(random, 100);
        int size = 8 + itemName.length() + description.length() + 8 + 8 + 8 + 8 + 8;
        return new Auction(id, itemName, description, initialBid, reserve, ts, expires, seller, category,
                extra(random, size, AVG_AUCTION_BYTES));
    }

    private Bid bid(long n, SplittableRandom random, long ts) {
        long auction = random.nextInt(HOT_AUCTION_RATIO) > 0
                ? lastAuctionIndex(n) / HOT_ID_STRIDE * HOT_ID_STRIDE
                : recentAuctionIndex(n, random);
        auction += FIRST_AUCTION_ID;
        long bidder = random.nextInt(HOT_BIDDER_RATIO) > 0
                ? lastPersonIndex(n) / HOT_ID_STRIDE * HOT_ID_STRIDE + 1
                : recentPersonIndex(n, random);
        bidder += FIRST_PERSON_ID;
        long price = price(random);
        String channel;
        String url;
        if (random.nextInt(HOT_CHANNEL_RATIO) > 0) {
            int i = random.nextInt(HOT_CHANNELS.length);
            channel = HOT_CHANNELS[i];
            url = "https://www.nexmark.com/" + HOT_CHANNELS[i].toLowerCase(java.util.Locale.ROOT) + "/item.htm?query=1";
        } else {
            int c = random.nextInt(CHANNELS);
            channel = "channel-" + c;
            url = "https://www.nexmark.com/" + letters(random, 5) + "/" + letters(random, 5) + "/item.htm?query=1"
                    + "&channel_id=" + c;
        }
        int size = 8 + 8 + 8 + channel.length() + url.length() + 8;
        return new Bid(auction, bidder, price, channel, url, ts, extra(random, size, AVG_BID_BYTES));
    }

    /** 0-based index of the newest person at or before event n. */
    static long lastPersonIndex(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = Math.min(n % TOTAL_PROPORTION, PERSON_PROPORTION - 1);
        return epoch * PERSON_PROPORTION + offset;
    }

    /** 0-based index of the newest auction at or before event n (-1 before the first). */
    static long lastAuctionIndex(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset < PERSON_PROPORTION) {
            epoch--;
            offset = AUCTION_PROPORTION - 1;
        } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
            offset = AUCTION_PROPORTION - 1;
        } else {
            offset -= PERSON_PROPORTION;
        }
        return epoch * AUCTION_PROPORTION + offset;
    }

    /** One of the most recent {@link GeneratorConfig#ACTIVE_PEOPLE} persons, or up to ID_LEAD not yet created. */
    private static long recentPersonIndex(long n, SplittableRandom random) {
        long people = lastPersonIndex(n) + 1;
        long active = Math.min(people, ACTIVE_PEOPLE);
        return people - active + random.nextLong(active + ID_LEAD);
    }

    /** One of the most recent {@link GeneratorConfig#IN_FLIGHT_AUCTIONS} auctions, or up to ID_LEAD ahead. */
    private static long recentAuctionIndex(long n, SplittableRandom random) {
        long last = Math.max(lastAuctionIndex(n), 0);
        long min = Math.max(last - IN_FLIGHT_AUCTIONS, 0);
        return min + random.nextLong(last - min + 1 + ID_LEAD);
    }

    /** Log-uniform between $1 and $1,000,000, in cents. */
    private static long price(SplittableRandom random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /** Pads an event of about {@code size} bytes to an average of {@code average} bytes (+-20%). */
    private static String extra(SplittableRandom random, int size, int average) {
        if (size > average) {
            return "";
        }
        int wanted = average - size;
        int delta = Math.round(wanted * 0.2f);
        int length = wanted - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        return letters(random, length);
    }

    /** 3 to maxLength-1 characters, lower-case letters with a few spaces. */
    private static String words(SplittableRandom random, int maxLength) {
        int length = 3 + random.nextInt(maxLength - 3);
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = random.nextInt(13) == 0 ? ' ' : (char) ('a' + random.nextInt(26));
        }
        return new String(out);
    }

    private static String letters(SplittableRandom random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(out);
    }

    /** A 64-bit finalizer (the splitmix64 one): neighbouring event numbers get unrelated random streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
