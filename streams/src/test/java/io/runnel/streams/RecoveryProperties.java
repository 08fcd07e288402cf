package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Ref.In;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Crash anywhere, restore from changelogs, replay from the committed offsets: the output equals the crash-free run's
 * output plus, at most, repeats of records that run already emitted (the at-least-once contract). Covers
 * repartitioning (replayed copies dropped by writer sequence), windows with lateness, a running aggregate and a
 * stream-stream join, on
 * both in-memory and RocksDB stores, rebuilt from empty or kept across the crash (restore from the checkpoint).
 */
class RecoveryProperties {

    @Provide
    Arbitrary<List<In>> input() {
        return Ref.inputs(100);
    }

    @Provide
    Arbitrary<List<Integer>> actions() {
        // 0: nothing, 1: commit, 2: crash, per input record
        return Arbitraries.integers().between(0, 12).map(i -> i < 9 ? 0 : i < 11 ? 1 : 2).list().ofSize(100);
    }

    private static Pipeline pipeline() {
        PipelineBuilder b = new PipelineBuilder("r");
        io.runnel.streams.Stream<String, Long> in = b.stream(Source.of("in", Serdes.string(), Serdes.longs())
                .outOfOrderness(Duration.ofSeconds(2)));
        in.keyBy((k, v) -> k + (v % 2), Serdes.string())
                .window(Windows.tumbling(Duration.ofSeconds(3)))
                .allowedLateness(Duration.ofSeconds(1))
                .lateRecordsTo("late")
                .aggregate(Aggregations.<Long>sum(v -> v))
                .map((w, s) -> KeyValue.of(w.key() + "@" + w.start(), s.longValue()), Serdes.string(), Serdes.longs())
                .to("windows");
        in.groupByKey().count().to("counts");
        // segmented join buffers: segments expire (unlogged) while the run goes on, and a restore brings back
        // records of expired segments that the changelog still holds
        in.join(in.mapValues(v -> v * 10, Serdes.longs()), (x, y) -> x * 1000 + y,
                        JoinWindows.of(Duration.ofSeconds(1)).allowedLateness(Duration.ofSeconds(1)))
                .withSerdes(Serdes.string(), Serdes.longs())
                .to("joined");
        return b.build();
    }

    private static List<List<String>> run(List<In> in, List<Integer> actions, boolean rocks, boolean keepLocal)
            throws IOException {
        Path dir = rocks ? Files.createTempDirectory("recovery") : null;
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withPartitions("in", 2)
                .withCacheEntriesMax(4);
        if (rocks) {
            o = o.withRocksDb(dir);
        }
        if (keepLocal) {
            o = o.withKeptLocalState();
        }
        try (PipelineTestDriver d = new PipelineTestDriver(pipeline(), o)) {
            for (int i = 0; i < in.size(); i++) {
                In r = in.get(i);
                d.pipe("in", r.key(), r.value(), r.ts(), Serdes.string(), Serdes.longs());
                int a = actions.get(i);
                if (a == 1) {
                    d.commit();
                } else if (a == 2) {
                    d.crash();
                }
            }
            d.endOfInput();
            return List.of(Ref.flat(d.read("windows", Serdes.string(), Serdes.longs())),
                    Ref.flat(d.read("counts", Serdes.string(), Serdes.longs())),
                    Ref.flat(d.read("joined", Serdes.string(), Serdes.longs())));
        } finally {
            if (dir != null) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    @Property(tries = 80)
    void crashAndRestoreOnlyRepeatsOutput(@ForAll("input") List<In> in, @ForAll("actions") List<Integer> actions,
                                          @ForAll boolean rocks, @ForAll boolean keepLocal) throws IOException {
        List<Integer> none = new ArrayList<>();
        in.forEach(r -> none.add(0));
        List<List<String>> expected = run(in, none, false, false);
        List<List<String>> actual = run(in, actions, rocks, keepLocal);
        for (int i = 0; i < expected.size(); i++) {
            Set<String> distinct = new LinkedHashSet<>(actual.get(i));
            assertThat(distinct).containsExactlyInAnyOrderElementsOf(new LinkedHashSet<>(expected.get(i)));
            assertThat(actual.get(i)).containsAll(expected.get(i));
        }
    }
}
