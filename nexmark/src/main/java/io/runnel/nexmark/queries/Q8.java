package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;

/**
 * q8, monitor new users: the persons who registered and opened an auction in the same 10 s tumbling window.
 * Persons (by id) and auctions (by seller) are merged into one stream keyed by person id, and each (person,
 * window) remembers whether it saw the person and an auction.
 */
public final class Q8 extends NexmarkQuery {
    static final Duration SIZE = Duration.ofSeconds(10);

    /** A new person who opened an auction in the window starting at starttime. */
    public record Result(long id, String name, long starttime) {
    }

    /** A person's registration (name set) or one of their auctions (name null). */
    record Activity(String name) {
    }

    /** What a (person, window) saw: the name once registered, and whether an auction was opened. */
    record Seen(String name, boolean auction) {
        static Seen add(Seen s, Activity a) {
            return a.name() != null ? new Seen(a.name(), s.auction) : new Seen(s.name, true);
        }
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);
    private static final Serde<Activity> ACTIVITY = Serdes.json(Activity.class);
    private static final Serde<Seen> SEEN = Serdes.json(Seen.class);

    public Q8() {
        super("q8", "persons who opened an auction in the 10 s window they registered in");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        var registered = in.persons().map((k, p) -> KeyValue.of(Long.toString(p.id()), new Activity(p.name())),
                Serdes.string(), ACTIVITY);
        var opened = in.auctions().map((k, a) -> KeyValue.of(Long.toString(a.seller()), new Activity(null)),
                Serdes.string(), ACTIVITY);
        registered.merge(opened)
                .keyBy((String person, Activity a) -> person, Serdes.string())
                .window(Windows.tumbling(SIZE))
                .aggregate(Aggregations.aggregate(() -> new Seen(null, false), Seen::add, null, SEEN))
                .filter((w, s) -> s.name() != null && s.auction())
                .map((w, s) -> KeyValue.of(w.key(), new Result(Long.parseLong(w.key()), s.name(), w.start())),
                        Serdes.string(), RESULT)
                .to(output);
    }
}
