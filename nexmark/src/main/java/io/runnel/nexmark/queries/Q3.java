package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.nexmark.NexmarkProjections;
import io.runnel.nexmark.NexmarkProjections.AuctionListing;
import io.runnel.nexmark.NexmarkProjections.PersonPlace;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * q3, local item suggestion: who sells in category 10 in Oregon, Idaho or California. A join of auctions
 * (re-keyed by seller: one repartition) with persons (the topic is keyed by id: none); the SQL join holds both
 * sides forever, this one holds each side {@code join.window.ms} of event time in both directions, which covers every seller/auction pair the generator
 * makes (a seller is one of the last 1000 persons, or up to 10 ahead: 50,500 events, 5 s at 10,000 events/s).
 */
public final class Q3 extends NexmarkQuery {
    public static final ConfigKey<Long> JOIN_WINDOW_MS = ConfigKey.of("join.window.ms", ConfigType.LONG, 600_000L,
            Validator.atLeast(0L), "How far apart in event time a person and their auction may be to join.");
    public static final long CATEGORY = 10;
    public static final Set<String> STATES = Set.of("OR", "ID", "CA");

    /** A seller of a category-10 auction in OR, ID or CA, with the auction id. */
    public record Result(String name, String city, String state, long id) {
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);

    public Q3() {
        super("q3", "local item suggestion: person-auction join, category 10, sellers in OR/ID/CA");
    }

    @Override
    protected List<ConfigKey<?>> extraParameters() {
        return List.of(JOIN_WINDOW_MS);
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        // Both sides read as projections: the fields the join uses are all that reach the repartition and the state.
        var auctions = in.auctions(NexmarkProjections.AUCTION_LISTING).filter((k, a) -> a.category() == CATEGORY)
                .keyBy((AuctionListing a) -> Long.toString(a.seller()), Serdes.string()).toStream();
        // Persons are keyed by id already (the repartition topic has the person topic's partition count).
        var persons = in.persons(NexmarkProjections.PERSON_PLACE).filter((k, p) -> STATES.contains(p.state()));
        auctions.join(persons, (AuctionListing a, PersonPlace p) -> new Result(p.name(), p.city(), p.state(), a.id()),
                        JoinWindows.of(Duration.ofMillis(parameters.get(JOIN_WINDOW_MS))))
                .to(output, Serdes.string(), RESULT);
    }
}
