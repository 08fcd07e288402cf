package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.nexmark.NexmarkProjections;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * q8, monitor new users: the persons who registered and opened an auction in the same 10 s tumbling window.
 * Persons (keyed by id) and auctions (re-keyed by seller: the one repartition) are merged into one stream keyed
 * by person id, and each (person, window) remembers whether it saw the person and an auction.
 */
public final class Q8 extends NexmarkQuery {
    public static final Duration SIZE = Duration.ofSeconds(10);

    /** A new person who opened an auction in the window starting at starttime. */
    public record Result(long id, String name, long starttime) {
    }

    /** A person's registration (name set) or one of their auctions (name null). */
    public record Activity(String name) {
    }

    /** What a (person, window) saw: the name once registered, and whether an auction was opened. */
    public record Seen(String name, boolean auction) {
        public static Seen add(Seen s, Activity a) {
            return a.name() != null ? new Seen(a.name(), s.auction) : new Seen(s.name, true);
        }
    }

    public static final Serde<Result> RESULT = Serdes.json(Result.class);
    /**
     * Activities (through the repartition and into the window state) and the window state: binary, a presence byte
     * then the name as UTF-8, in both engines (JSON data binding before; the state is read and rewritten per event).
     */
    public static final Serde<Activity> ACTIVITY = Serde.of(a -> named((byte) 0, a.name()),
            b -> new Activity(nameOf(b)));
    public static final Serde<Seen> SEEN = Serde.of(s -> named((byte) (s.auction() ? 1 : 0), s.name()),
            b -> new Seen(nameOf(b), (b[0] & 1) != 0));

    /** Byte 0: bit 0 the flag, bit 1 set when a name follows (UTF-8, the rest of the bytes). */
    private static byte[] named(byte flag, String name) {
        byte[] text = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + text.length];
        out[0] = (byte) (flag | (name == null ? 0 : 2));
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    private static String nameOf(byte[] bytes) {
        return (bytes[0] & 2) == 0 ? null : new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
    }

    public Q8() {
        super("q8", "persons who opened an auction in the 10 s window they registered in");
    }

    @Override
    protected void build(Inputs in, Config parameters, String output) {
        // Persons are keyed by id already; only auctions are re-keyed (by seller) through a repartition topic, which
        // has the person topic's partition count, so the merged stream is partitioned by person id.
        var registered = in.persons(NexmarkProjections.PERSON_NAME)
                .mapValues((NexmarkProjections.PersonName p) -> new Activity(p.name()), ACTIVITY);
        var opened = in.auctions(NexmarkProjections.AUCTION_SELLER)
                .map((k, a) -> KeyValue.of(Long.toString(a.seller()), new Activity(null)),
                        Serdes.string(), ACTIVITY)
                .keyBy((String person, Activity a) -> person, Serdes.string()).toStream();
        registered.merge(opened)
                .groupByKey()
                .window(Windows.tumbling(SIZE))
                .aggregate(Aggregations.aggregate(() -> new Seen(null, false), Seen::add, null, SEEN))
                .filter((w, s) -> s.name() != null && s.auction())
                .map((w, s) -> KeyValue.of(w.key(), new Result(Long.parseLong(w.key()), s.name(), w.start())),
                        Serdes.string(), RESULT)
                .to(output);
    }
}
