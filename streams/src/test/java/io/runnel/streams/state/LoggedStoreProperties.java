package io.runnel.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link LoggedStore} reads like one sorted map through any mix of writes, scans, flushes and commits: gets and range
 * scans see the latest write (cached, flushed or committed), a scan stops when its visitor says so, and replaying the
 * changelog gives the same map. With and without key groups (here: the first byte), with scans inside one group and
 * across groups. An expired range is gone from reads at once and from the backing store at the next commit; its
 * keys may come back only from the changelog (expiry is not logged), unless written again. Changelogs of a record
 * per key and of chunks ({@link ChangelogChunk}) alike.
 */
class LoggedStoreProperties {

    private enum Kind { PUT, DELETE, GET, RANGE, FLUSH, COMMIT, EXPIRE }

    private record Op(Kind kind, int key, int to, int value, int stopAfter) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Writes and scans outnumber flushes and commits, so the cache tiers hold several keys of a group at a scan.
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(6, Kind.PUT), Tuple.of(2, Kind.DELETE),
                Tuple.of(2, Kind.GET), Tuple.of(4, Kind.RANGE), Tuple.of(1, Kind.FLUSH), Tuple.of(1, Kind.COMMIT),
                Tuple.of(1, Kind.EXPIRE));
        Arbitrary<Op> op = Combinators.combine(kind, Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 20)).as(Op::new);
        return op.list().ofMaxSize(200);
    }

    /**
     * Keys of one or two bytes, some above 0x7f, so the order is unsigned and prefixes sort first; about four keys
     * share each first byte.
     */
    private static byte[] key(int i) {
        return i % 3 == 0 ? new byte[] {(byte) (i / 4 * 57)} : new byte[] {(byte) (i / 4 * 57), (byte) (i * 37)};
    }

    @Property(tries = 300)
    void readsAndScansMatchASortedMap(@ForAll("ops") List<Op> ops, @ForAll("cacheSize") int cacheEntriesMax,
                                      @ForAll boolean grouped, @ForAll boolean chunked) {
        Map<Bytes, byte[]> changelog = new HashMap<>();
        ChangelogSink sink = chunked
                ? (topic, partition, k, v) -> ChangelogChunk.forEachEntry(v, "test",
                        (ek, ev) -> changelog.put(Bytes.wrap(ek), ev))
                : (topic, partition, k, v) -> changelog.put(Bytes.wrap(k), v);
        LoggedStore store = new LoggedStore("s", new InMemoryKvBytesStore(), "log", 0, sink, cacheEntriesMax,
                grouped ? key -> key.length >= 1 ? 1 : -1 : null, chunked);
        TreeMap<Bytes, byte[]> model = new TreeMap<>();
        java.util.Set<Bytes> expiredSinceWritten = new java.util.HashSet<>();
        long position = 0;
        for (Op op : ops) {
            byte[] k = key(op.key());
            switch (op.kind()) {
                case PUT -> {
                    byte[] v = {(byte) op.value(), (byte) (op.value() >> 8)};
                    store.put(k, v);
                    model.put(Bytes.wrap(k), v);
                    expiredSinceWritten.remove(Bytes.wrap(k));
                }
                case DELETE -> {
                    store.delete(k);
                    model.remove(Bytes.wrap(k));
                    expiredSinceWritten.remove(Bytes.wrap(k));
                }
                case EXPIRE -> {
                    byte[] to = key(op.to());
                    if (Bytes.wrap(k).compareTo(Bytes.wrap(to)) < 0) {
                        store.expireRange(k, to);
                        model.subMap(Bytes.wrap(k), true, Bytes.wrap(to), false).clear();
                        for (int i = 0; i <= 40; i++) { // any key, written or deleted, in the range
                            Bytes ki = Bytes.wrap(key(i));
                            if (ki.compareTo(Bytes.wrap(k)) >= 0 && ki.compareTo(Bytes.wrap(to)) < 0) {
                                expiredSinceWritten.add(ki);
                            }
                        }
                    }
                }
                case GET -> {
                    byte[] expected = model.get(Bytes.wrap(k));
                    assertThat(store.get(k)).isEqualTo(expected);
                }
                case RANGE -> {
                    // every fourth scan stays within the first byte of its start (one group when grouped)
                    byte[] to = op.to() % 4 == 1 ? new byte[] {k[0], (byte) op.value()} : key(op.to());
                    boolean open = op.to() % 5 == 0;
                    List<byte[]> seen = new ArrayList<>();
                    store.range(k, open ? null : to, (kk, vv) -> {
                        seen.add(kk);
                        assertThat(vv).isEqualTo(model.get(Bytes.wrap(kk)));
                        return seen.size() < op.stopAfter();
                    });
                    List<byte[]> expected = new ArrayList<>();
                    var view = open ? model.tailMap(Bytes.wrap(k), true)
                            : Bytes.wrap(k).compareTo(Bytes.wrap(to)) > 0 ? new TreeMap<Bytes, byte[]>()
                            : model.subMap(Bytes.wrap(k), true, Bytes.wrap(to), false);
                    for (Bytes b : view.keySet()) {
                        if (expected.size() == op.stopAfter()) {
                            break;
                        }
                        expected.add(b.get());
                    }
                    assertThat(seen).containsExactlyElementsOf(expected);
                }
                case FLUSH -> store.flush();
                case COMMIT -> {
                    store.flush();
                    store.commit(++position);
                }
            }
        }
        store.flush();
        Map<Bytes, byte[]> replayed = new TreeMap<>();
        changelog.forEach((k, v) -> {
            if (v != null && !expiredSinceWritten.contains(k)) {
                replayed.put(k, v);
            }
        });
        assertThat(replayed).containsExactlyInAnyOrderEntriesOf(model);
    }

    @Provide
    Arbitrary<Integer> cacheSize() {
        return Arbitraries.of(1, 3, 10_000);
    }
}
