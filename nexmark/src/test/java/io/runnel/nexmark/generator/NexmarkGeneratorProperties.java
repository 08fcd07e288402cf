package io.runnel.nexmark.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The generator: deterministic per seed, the 1:3:46 proportions, dense ids, and the Nexmark field rules. */
class NexmarkGeneratorProperties {

    @Property(tries = 30)
    void sameSeedSameEventsInAnyOrder(@ForAll long seed, @ForAll @LongRange(min = 0, max = 1L << 40) long from,
                                      @ForAll @LongRange(min = 1, max = 100_000) long eventsPerSecond) {
        GeneratorConfig config = new GeneratorConfig(seed, 1_700_000_000_000L, eventsPerSecond);
        NexmarkGenerator a = new NexmarkGenerator(config);
        NexmarkGenerator b = new NexmarkGenerator(config);
        List<Event> forward = new ArrayList<>();
        for (long i = from; i < from + 200; i++) {
            forward.add(a.event(i));
        }
        for (long i = from + 199; i >= from; i--) {
            assertThat(b.event(i)).isEqualTo(forward.get((int) (i - from)));
        }
        NexmarkGenerator other = new NexmarkGenerator(new GeneratorConfig(seed + 1, 1_700_000_000_000L,
                eventsPerSecond));
        assertThat(forward.stream().filter(e -> e.equals(other.event(forward.indexOf(e) + from))).count())
                .isLessThan(forward.size() / 10);
    }

    @Property(tries = 10)
    void proportionsIdsAndFields(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int groups) {
        GeneratorConfig config = new GeneratorConfig(seed, 0, 1_000);
        NexmarkGenerator g = new NexmarkGenerator(config);
        int persons = 0;
        int auctions = 0;
        int bids = 0;
        long lastTs = Long.MIN_VALUE;
        long bidBytes = 0;
        for (long i = 0; i < groups * 50L; i++) {
            Event e = g.event(i);
            assertThat(e.dateTime()).isGreaterThanOrEqualTo(lastTs).isEqualTo(config.timestampOf(i));
            lastTs = e.dateTime();
            if (e instanceof Person p) {
                assertThat(p.id()).isEqualTo(NexmarkGenerator.FIRST_PERSON_ID + persons);
                assertThat(p.state()).isIn("AZ", "CA", "ID", "OR", "WA", "WY");
                assertThat(p.creditCard()).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
                assertThat(p.emailAddress()).matches("[a-z]{7}@[a-z]{5}\\.com");
                persons++;
            } else if (e instanceof Auction a) {
                assertThat(a.id()).isEqualTo(NexmarkGenerator.FIRST_AUCTION_ID + auctions);
                assertThat(a.category()).isBetween(10L, 14L);
                assertThat(a.reserve()).isGreaterThan(a.initialBid());
                assertThat(a.expires()).isGreaterThan(a.dateTime())
                        .isLessThanOrEqualTo(a.dateTime() + config.maxAuctionDurationMs());
                // A seller is an existing person or one of the next ID_LEAD.
                assertThat(a.seller()).isBetween(NexmarkGenerator.FIRST_PERSON_ID,
                        NexmarkGenerator.FIRST_PERSON_ID + persons - 1 + GeneratorConfig.ID_LEAD);
                auctions++;
            } else {
                Bid b = (Bid) e;
                assertThat(b.auction()).isBetween(NexmarkGenerator.FIRST_AUCTION_ID,
                        NexmarkGenerator.FIRST_AUCTION_ID + auctions - 1 + GeneratorConfig.ID_LEAD);
                assertThat(b.price()).isBetween(100L, 100_000_000L);
                assertThat(b.url()).startsWith("https://www.nexmark.com/");
                bidBytes += io.runnel.nexmark.NexmarkTopics.BID_SERDE.serialize(b).length;
                bids++;
            }
        }
        assertThat(new int[] {persons, auctions, bids}).containsExactly(groups, 3 * groups, 46 * groups);
        // Bids pad to about 100 bytes of fields (their JSON adds names and punctuation).
        assertThat(bidBytes / bids).isBetween(150L, 260L);
    }

    @net.jqwik.api.Example
    void jsonFieldsAreTheSpecifiedOnes() throws Exception {
        NexmarkGenerator g = new NexmarkGenerator(new GeneratorConfig(3, 0, 1_000));
        var mapper = io.runnel.streams.serde.Serdes.mapper();
        List<String> person = new ArrayList<>();
        mapper.readTree(io.runnel.nexmark.NexmarkTopics.PERSON_SERDE.serialize((Person) g.event(0)))
                .fieldNames().forEachRemaining(person::add);
        assertThat(person).containsExactlyInAnyOrder("id", "name", "emailAddress", "creditCard", "city", "state",
                "dateTime", "extra");
        List<String> auction = new ArrayList<>();
        mapper.readTree(io.runnel.nexmark.NexmarkTopics.AUCTION_SERDE.serialize((Auction) g.event(1)))
                .fieldNames().forEachRemaining(auction::add);
        assertThat(auction).containsExactlyInAnyOrder("id", "itemName", "description", "initialBid", "reserve",
                "dateTime", "expires", "seller", "category", "extra");
        List<String> bid = new ArrayList<>();
        mapper.readTree(io.runnel.nexmark.NexmarkTopics.BID_SERDE.serialize((Bid) g.event(4)))
                .fieldNames().forEachRemaining(bid::add);
        assertThat(bid).containsExactlyInAnyOrder("auction", "bidder", "price", "channel", "url", "dateTime", "extra");
    }

    @Property(tries = 5)
    void eventTimeFollowsTheRate(@ForAll @LongRange(min = 1, max = 1_000_000) long eventsPerSecond) {
        GeneratorConfig config = new GeneratorConfig(1, 1_000, eventsPerSecond);
        assertThat(config.timestampOf(0)).isEqualTo(1_000);
        assertThat(config.timestampOf(eventsPerSecond)).isEqualTo(2_000);
        assertThat(config.timestampOf(10 * eventsPerSecond)).isEqualTo(11_000);
    }
}
