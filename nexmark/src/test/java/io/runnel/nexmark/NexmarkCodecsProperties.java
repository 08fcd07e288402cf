package io.runnel.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import io.runnel.nexmark.queries.Q1;
import io.runnel.nexmark.queries.Q2;
import io.runnel.nexmark.queries.Q7;
import io.runnel.nexmark.queries.Q8;
import io.runnel.streams.serde.ExactRead;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.SerdeException;
import io.runnel.streams.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The streaming codecs of the Nexmark events and of the q1/q2 results against the data-binding serde
 * ({@code Serdes.json(type)}) they replace: the same bytes written for any value (null strings, any long or double,
 * any text), the value read back, and, for any JSON object built from known and unknown fields, duplicates, missing
 * fields and values of every JSON type, the same value read or the same failure.
 */
class NexmarkCodecsProperties {
    private static final String[] VALUES = {"0", "-7", "01", "-", "1.", ".5", "1e", "123456789012345678",
        "1234567890123456789", "0.1", "4.9e-324", "1E+2", "\"a\\u0041\"", "\"\u00e9\"", "tru", "nul",
        "9223372036854775807", "-9223372036854775808", "trUe", "nuLl", "falsE", "truex", "-0",
        "9223372036854775808", "2147483648", "1.5", "1e3", "-0.0", "\"12\"", "\"text\"", "\"\"", "null", "true",
        "false", "[]", "[1]", "{}", "{\"a\":1}"};

    @Property(tries = 500)
    void shouldWriteAndReadBidsAsDataBindingDoes(@ForAll("bids") Bid bid) {
        assertSameAsDataBinding(NexmarkTopics.BID_SERDE, Serdes.json(Bid.class), bid);
    }

    @Property(tries = 500)
    void shouldWriteAndReadAuctionsAsDataBindingDoes(@ForAll("auctions") Auction auction) {
        assertSameAsDataBinding(NexmarkTopics.AUCTION_SERDE, Serdes.json(Auction.class), auction);
    }

    @Property(tries = 500)
    void shouldWriteAndReadPersonsAsDataBindingDoes(@ForAll("persons") Person person) {
        assertSameAsDataBinding(NexmarkTopics.PERSON_SERDE, Serdes.json(Person.class), person);
    }

    @Property(tries = 500)
    void shouldWriteAndReadResultsAsDataBindingDoes(@ForAll("bids") Bid bid, @ForAll double price) {
        Q1.Result q1 = new Q1.Result(bid.auction(), bid.bidder(), Double.isFinite(price) ? price : 0.5,
                bid.dateTime(), bid.extra());
        assertSameAsDataBinding(Q1.RESULT, Serdes.json(Q1.Result.class), q1);
        assertSameAsDataBinding(Q2.RESULT, Serdes.json(Q2.Result.class), new Q2.Result(bid.auction(), bid.price()));
    }

    @Property(tries = 500)
    void shouldRoundTripQ7WindowState(@ForAll long price, @ForAll("bidLists") List<Bid> bids) {
        Q7.Highest h = new Q7.Highest(price, bids);
        assertThat(Q7.HIGHEST.deserialize(Q7.HIGHEST.serialize(h))).isEqualTo(h);
    }

    @Property(tries = 500)
    void shouldRoundTripQ8ActivitiesAndWindowState(@ForAll("names") String name, @ForAll boolean auction) {
        Q8.Activity a = new Q8.Activity(name);
        assertThat(Q8.ACTIVITY.deserialize(Q8.ACTIVITY.serialize(a))).isEqualTo(a);
        Q8.Seen s = new Q8.Seen(name, auction);
        assertThat(Q8.SEEN.deserialize(Q8.SEEN.serialize(s))).isEqualTo(s);
    }

    @Provide
    Arbitrary<String> names() {
        return nullableText();
    }

    @Provide
    Arbitrary<List<Bid>> bidLists() {
        return bids().list().ofMaxSize(5);
    }

    @Property(tries = 200)
    void shouldWriteGeneratedEventsAsDataBindingDoes(@ForAll long seed,
                                                    @ForAll @LongRange(min = 0, max = 1L << 30) long from) {
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(seed, 1_700_000_000_000L, 10_000));
        for (long i = from; i < from + 50; i++) {
            Event e = g.event(i);
            assertReadExactly(e);
            if (e instanceof Bid b) {
                assertSameAsDataBinding(NexmarkTopics.BID_SERDE, Serdes.json(Bid.class), b);
            } else if (e instanceof Auction a) {
                assertSameAsDataBinding(NexmarkTopics.AUCTION_SERDE, Serdes.json(Auction.class), a);
            } else {
                assertSameAsDataBinding(NexmarkTopics.PERSON_SERDE, Serdes.json(Person.class), (Person) e);
            }
        }
    }

    @Property(tries = 2000)
    void shouldReadAnyObjectAsDataBindingDoes(@ForAll("bidFieldLists") List<String> fields,
                                              @ForAll @IntRange(min = 0, max = 3) int variant) {
        assertEveryCodecReadsAsDataBinding(fields, variant);
    }

    /** Complete events but for one value, of any JSON type or malformed: a projection skipping it checks it too. */
    @Property(tries = 1000)
    void shouldReadEventsWithOneOddValueAsDataBindingDoes(@ForAll("oddValueBids") List<String> fields) {
        assertEveryCodecReadsAsDataBinding(fields, 0);
    }

    private static void assertEveryCodecReadsAsDataBinding(List<String> fields, int variant) {
        String json = switch (variant) {
            case 0 -> "{" + String.join(",", fields) + "}";
            case 1 -> " {" + String.join(" , ", fields) + "} trailing";
            case 2 -> "{" + String.join(",", fields); // truncated
            default -> "[" + String.join(",", fields) + "]";
        };
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertSameRead(NexmarkTopics.BID_SERDE, Serdes.json(Bid.class), bytes);
        assertExactOnlyIfWrittenBack(NexmarkTopics.BID_SERDE, bytes);
        assertSameRead(Q1.RESULT, Serdes.json(Q1.Result.class), bytes);
        assertSameRead(Q2.RESULT, Serdes.json(Q2.Result.class), bytes);
        assertSameRead(NexmarkProjections.AUCTION_PRICE, Serdes.json(NexmarkProjections.AuctionPrice.class), bytes);
        assertSameRead(NexmarkProjections.BID_SELECTION, Serdes.json(NexmarkProjections.BidSelection.class), bytes);
        String asPerson = json.replace("\"auction\"", "\"id\"").replace("\"bidder\"", "\"name\"")
                .replace("\"channel\"", "\"city\"");
        assertSameRead(NexmarkTopics.PERSON_SERDE, Serdes.json(Person.class),
                asPerson.getBytes(StandardCharsets.UTF_8));
        String asAuction = json.replace("\"auction\"", "\"id\"").replace("\"bidder\"", "\"seller\"")
                .replace("\"channel\"", "\"itemName\"");
        assertSameRead(NexmarkTopics.AUCTION_SERDE, Serdes.json(Auction.class),
                asAuction.getBytes(StandardCharsets.UTF_8));
        assertSameRead(NexmarkProjections.PERSON_NAME, Serdes.json(NexmarkProjections.PersonName.class),
                asPerson.getBytes(StandardCharsets.UTF_8));
        assertSameRead(NexmarkProjections.AUCTION_SELLER, Serdes.json(NexmarkProjections.AuctionSeller.class),
                asAuction.getBytes(StandardCharsets.UTF_8));
        // with every field the projection keeps present (else the fast path refuses it at the end)
        assertSameRead(NexmarkProjections.AUCTION_LISTING, Serdes.json(NexmarkProjections.AuctionListing.class),
                asAuction.replace("\"price\"", "\"category\"").getBytes(StandardCharsets.UTF_8));
        assertSameRead(NexmarkProjections.PERSON_PLACE, Serdes.json(NexmarkProjections.PersonPlace.class),
                asPerson.replace("\"url\"", "\"state\"").getBytes(StandardCharsets.UTF_8));
    }

    /** A projection reads from an event's JSON the event's own values of the fields it keeps. */
    @Property(tries = 200)
    void shouldReadProjectionsOfGeneratedEvents(@ForAll long seed,
                                                @ForAll @LongRange(min = 0, max = 1L << 30) long from) {
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(seed, 1_700_000_000_000L, 10_000));
        for (long i = from; i < from + 50; i++) {
            Event e = g.event(i);
            if (e instanceof Bid b) {
                byte[] json = NexmarkTopics.BID_SERDE.serialize(b);
                assertThat(NexmarkProjections.AUCTION_PRICE.deserialize(json))
                        .isEqualTo(new NexmarkProjections.AuctionPrice(b.auction(), b.price()));
                assertThat(NexmarkProjections.BID_SELECTION.deserialize(json)).isEqualTo(
                        new NexmarkProjections.BidSelection(b.auction(), b.bidder(), b.price(), b.dateTime(), b.extra()));
            } else if (e instanceof Auction a) {
                byte[] json = NexmarkTopics.AUCTION_SERDE.serialize(a);
                assertThat(NexmarkProjections.AUCTION_SELLER.deserialize(json))
                        .isEqualTo(new NexmarkProjections.AuctionSeller(a.seller()));
                NexmarkProjections.AuctionListing listing = NexmarkProjections.AUCTION_LISTING.deserialize(json);
                assertThat(listing).isEqualTo(new NexmarkProjections.AuctionListing(a.id(), a.seller(), a.category()));
                // what a repartition topic carries: the projection's own fields, read back the same
                assertThat(NexmarkProjections.AUCTION_LISTING.deserialize(
                        NexmarkProjections.AUCTION_LISTING.serialize(listing))).isEqualTo(listing);
            } else {
                Person p = (Person) e;
                byte[] json = NexmarkTopics.PERSON_SERDE.serialize(p);
                assertThat(NexmarkProjections.PERSON_NAME.deserialize(json))
                        .isEqualTo(new NexmarkProjections.PersonName(p.name()));
                NexmarkProjections.PersonPlace place = NexmarkProjections.PERSON_PLACE.deserialize(json);
                assertThat(place).isEqualTo(new NexmarkProjections.PersonPlace(p.id(), p.name(), p.city(), p.state()));
                assertThat(NexmarkProjections.PERSON_PLACE.deserialize(NexmarkProjections.PERSON_PLACE.serialize(place)))
                        .isEqualTo(place);
            }
        }
    }

    /** The generator's events (plain ASCII text) as their serdes write them read back exactly. */
    @SuppressWarnings("unchecked")
    private static void assertReadExactly(Event e) {
        Serde<Event> serde = (Serde<Event>) (Serde<?>) (e instanceof Bid ? NexmarkTopics.BID_SERDE
                : e instanceof Auction ? NexmarkTopics.AUCTION_SERDE : NexmarkTopics.PERSON_SERDE);
        byte[] written = serde.serialize(e);
        ExactRead exact = new ExactRead();
        assertThat(serde.deserialize(framed(written, "}"), 2, written.length, exact)).isEqualTo(e);
        assertThat(exact.exact()).isTrue();
    }

    /** A read the serde calls exact is one of bytes it writes back the same, read in place from a larger array. */
    private static <T> void assertExactOnlyIfWrittenBack(Serde<T> serde, byte[] bytes) {
        ExactRead exact = new ExactRead();
        T value;
        try {
            value = serde.deserialize(framed(bytes, "0}"), 2, bytes.length, exact);
        } catch (SerdeException e) {
            return;
        }
        if (exact.exact()) {
            assertThat(serde.serialize(value)).isEqualTo(bytes);
        }
    }

    private static <T> void assertSameAsDataBinding(Serde<T> streaming, Serde<T> dataBinding, T value) {
        byte[] expected = dataBinding.serialize(value);
        byte[] written = streaming.serialize(value);
        assertExactOnlyIfWrittenBack(streaming, written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(expected);
        assertThat(streaming.deserialize(written)).isEqualTo(value).isEqualTo(dataBinding.deserialize(written));
    }

    /**
     * Also read in place from inside a larger array (as a source reads a fetched batch), followed by bytes that would
     * complete a truncated object or extend its last number if the reader looked past the range.
     */
    private static <T> void assertSameRead(Serde<T> streaming, Serde<T> dataBinding, byte[] bytes) {
        T expected;
        try {
            expected = dataBinding.deserialize(bytes);
        } catch (SerdeException e) {
            assertThatThrownBy(() -> streaming.deserialize(bytes)).isInstanceOf(SerdeException.class)
                    .hasMessage(e.getMessage()).hasCauseInstanceOf(e.getCause().getClass());
            for (String after : List.of("}", "0}")) {
                assertThatThrownBy(() -> streaming.deserialize(framed(bytes, after), 2, bytes.length))
                        .isInstanceOf(SerdeException.class).hasMessage(e.getMessage())
                        .hasCauseInstanceOf(e.getCause().getClass());
            }
            return;
        }
        assertThat(streaming.deserialize(bytes)).isEqualTo(expected);
        for (String after : List.of("}", "0}")) {
            assertThat(streaming.deserialize(framed(bytes, after), 2, bytes.length)).isEqualTo(expected);
        }
    }

    /** Two bytes, {@code bytes}, then {@code after}. */
    private static byte[] framed(byte[] bytes, String after) {
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[2 + bytes.length + tail.length];
        framed[0] = '{';
        framed[1] = '"';
        System.arraycopy(bytes, 0, framed, 2, bytes.length);
        System.arraycopy(tail, 0, framed, 2 + bytes.length, tail.length);
        return framed;
    }

    @Provide
    Arbitrary<List<String>> bidFieldLists() {
        Arbitrary<String> name = Arbitraries.of("auction", "bidder", "price", "channel", "url", "dateTime", "extra",
                "other");
        Arbitrary<String> canonicalValue = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                text().map(NexmarkCodecsProperties::quote), Arbitraries.doubles().filter(Double::isFinite)
                        .map(String::valueOf));
        Arbitrary<String> value = Arbitraries.oneOf(canonicalValue, canonicalValue, Arbitraries.of(VALUES));
        Arbitrary<String> field = Combinators.combine(name, value).as((n, v) -> "\"" + n + "\":" + v);
        Arbitrary<List<String>> complete = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.longs(), text(), text(), Arbitraries.longs(), text()).as((a, b, p, c, u, d, x) ->
                        List.of("\"auction\":" + a, "\"bidder\":" + b, "\"price\":" + p, "\"channel\":" + quote(c),
                                "\"url\":" + quote(u), "\"dateTime\":" + d, "\"extra\":" + quote(x)));
        Arbitrary<List<String>> shuffled = complete.flatMap(l -> Arbitraries.shuffle(l));
        Arbitrary<List<String>> mutated = Combinators.combine(complete, field, Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 2)).as((l, f, at, how) -> {
                    java.util.List<String> out = new java.util.ArrayList<>(l);
                    switch (how) {
                        case 0 -> out.add(Math.min(at, out.size()), f); // an extra or duplicate field
                        case 1 -> out.remove(Math.min(at, out.size() - 1)); // a missing field
                        default -> out.set(Math.min(at, out.size() - 1), f); // a field replaced
                    }
                    return out;
                });
        return Arbitraries.oneOf(complete, shuffled, mutated, field.list().ofMaxSize(9));
    }

    @Provide
    Arbitrary<List<String>> oddValueBids() {
        Arbitrary<List<String>> complete = bids().filter(b -> b.channel() != null && b.url() != null
                && b.extra() != null).map(b -> List.of("\"auction\":" + b.auction(), "\"bidder\":" + b.bidder(),
                "\"price\":" + b.price(), "\"channel\":" + quote(b.channel()), "\"url\":" + quote(b.url()),
                "\"dateTime\":" + b.dateTime(), "\"extra\":" + quote(b.extra())));
        return Combinators.combine(complete, Arbitraries.integers().between(0, 6), Arbitraries.of(VALUES))
                .as((l, at, value) -> {
                    java.util.List<String> out = new java.util.ArrayList<>(l);
                    out.set(at, out.get(at).substring(0, out.get(at).indexOf(':') + 1) + value);
                    return out;
                });
    }

    @Provide
    Arbitrary<Bid> bids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), nullableText(),
                nullableText(), Arbitraries.longs(), nullableText()).as(Bid::new);
    }

    @Provide
    Arbitrary<Auction> auctions() {
        return Combinators.combine(Arbitraries.longs(), nullableText(), nullableText(), Arbitraries.longs(),
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
                .flatAs((id, item, desc, initial, reserve, date, expires, seller) -> Combinators.combine(
                        Arbitraries.longs(), nullableText()).as((category, extra) -> new Auction(id, item, desc,
                        initial, reserve, date, expires, seller, category, extra)));
    }

    @Provide
    Arbitrary<Person> persons() {
        return Combinators.combine(Arbitraries.longs(), nullableText(), nullableText(), nullableText(),
                nullableText(), nullableText(), Arbitraries.longs(), nullableText()).as(Person::new);
    }

    private static Arbitrary<String> nullableText() {
        return text().injectNull(0.1);
    }

    /** Any text Jackson writes as valid JSON: controls, quotes, backslashes, non-ASCII, surrogate pairs. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40).withCharRange(' ', '~'),
                Arbitraries.strings().ofMaxLength(40).withCharRange(' ', '~'),
                Arbitraries.strings().ofMaxLength(20).withCharRange(' ', '~').withChars('\u00e9', '\u4e2d', '"', '\\',
                        '\n', '\u0001'),
                Arbitraries.of("\ud83d\ude00", ""))
                .filter(NexmarkCodecsProperties::wellFormedSurrogates);
    }

    private static boolean wellFormedSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
