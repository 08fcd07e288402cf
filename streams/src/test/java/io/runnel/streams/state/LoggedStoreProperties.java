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

/**
 * {@link LoggedStore} reads like one sorted map through any mix of writes, scans, flushes and commits: gets and range
 * scans see the latest write (cached, flushed or committed), a scan stops when its visitor says so, and replaying the
 * changelog gives the same map.
 */
class LoggedStoreProperties {

    private enum Kind { PUT, DELETE, GET, RANGE, FLUSH, COMMIT }

    private record Op(Kind kind, int key, int to, int value, int stopAfter) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 20)).as(Op::new);
        return op.list().ofMaxSize(200);
    }

    /** Keys of one or two bytes, some above 0x7f, so the order is unsigned and prefixes sort first. */
    private static byte[] key(int i) {
        return i % 3 == 0 ? new byte[] {(byte) (i * 7)} : new byte[] {(byte) (i * 7), (byte) i};
    }

    @Property(tries = 300)
    void readsAndScansMatchASortedMap(@ForAll("ops") List<Op> ops, @ForAll("cacheSize") int cacheEntriesMax) {
        Map<Bytes, byte[]> changelog = new HashMap<>();
        LoggedStore store = new LoggedStore("s", new InMemoryKvBytesStore(), "log", 0,
                (topic, partition, k, v) -> changelog.put(Bytes.wrap(k), v), cacheEntriesMax);
        TreeMap<Bytes, byte[]> model = new TreeMap<>();
        long position = 0;
        for (Op op : ops) {
            byte[] k = key(op.key());
            switch (op.kind()) {
                case PUT -> {
                    byte[] v = {(byte) op.value(), (byte) (op.value() >> 8)};
                    store.put(k, v);
                    model.put(Bytes.wrap(k), v);
                }
                case DELETE -> {
                    store.delete(k);
                    model.remove(Bytes.wrap(k));
                }
                case GET -> {
                    byte[] expected = model.get(Bytes.wrap(k));
                    assertThat(store.get(k)).isEqualTo(expected);
                }
                case RANGE -> {
                    byte[] to = key(op.to());
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
            if (v != null) {
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
