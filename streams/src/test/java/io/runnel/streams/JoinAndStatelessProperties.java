package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Ref.In;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Joins, running aggregates and stateless operators against plain-Java references on random input. */
class JoinAndStatelessProperties {

    @Provide
    Arbitrary<List<In>> input() {
        return Ref.inputs(80);
    }

    @Property(tries = 150)
    void streamStreamJoinMatchesReference(@ForAll("input") List<In> in, @ForAll("input") List<In> other,
                                          @ForAll @IntRange(min = 0, max = 4) int beforeSeconds,
                                          @ForAll @IntRange(min = 0, max = 4) int afterSeconds,
                                          @ForAll @IntRange(min = 0, max = 3) int boundSeconds,
                                          @ForAll @IntRange(min = 0, max = 2) int latenessSeconds) {
        long before = beforeSeconds * 1000L;
        long after = afterSeconds * 1000L;
        long bound = boundSeconds * 1000L;
        long lateness = latenessSeconds * 1000L;
        PipelineBuilder b = new PipelineBuilder("j");
        Stream<String, Long> left = b.stream(Source.of("left", Serdes.string(), Serdes.longs())
                .outOfOrderness(Duration.ofMillis(bound)));
        Stream<String, Long> right = b.stream(Source.of("right", Serdes.string(), Serdes.longs())
                .outOfOrderness(Duration.ofMillis(bound)));
        left.join(right, (l, r) -> l * 100 + r, new JoinWindows(before, after, lateness))
                .withSerdes(Serdes.string(), Serdes.longs()).to("out");

        // interleave the two inputs deterministically
        List<Object[]> arrivals = new ArrayList<>();
        for (int i = 0; i < Math.max(in.size(), other.size()); i++) {
            if (i < in.size()) {
                arrivals.add(new Object[] {true, in.get(i)});
            }
            if (i < other.size()) {
                arrivals.add(new Object[] {false, other.get(i)});
            }
        }
        List<String> actual;
        try (PipelineTestDriver d = new PipelineTestDriver(b.build(),
                PipelineTestDriver.Options.defaults().withCacheEntriesMax(5))) {
            for (Object[] a : arrivals) {
                In r = (In) a[1];
                d.pipe((Boolean) a[0] ? "left" : "right", r.key(), r.value(), r.ts(), Serdes.string(), Serdes.longs());
            }
            actual = new ArrayList<>();
            d.read("out", Serdes.string(), Serdes.longs()).forEach(r -> actual.add(r.key() + "=" + r.value()
                    + "@" + r.timestampMs()));
        }

        List<In> ls = new ArrayList<>();
        List<In> rs = new ArrayList<>();
        long maxL = Long.MIN_VALUE;
        long maxR = Long.MIN_VALUE;
        long wm = Long.MIN_VALUE;
        for (Object[] a : arrivals) {
            boolean isLeft = (Boolean) a[0];
            In r = (In) a[1];
            long reach = isLeft ? after : before;
            if (r.ts() + reach + 1 + lateness > wm) {
                (isLeft ? ls : rs).add(r);
            }
            if (isLeft) {
                maxL = Math.max(maxL, r.ts());
            } else {
                maxR = Math.max(maxR, r.ts());
            }
            long l = maxL == Long.MIN_VALUE ? Long.MIN_VALUE : maxL - bound;
            long rr = maxR == Long.MIN_VALUE ? Long.MIN_VALUE : maxR - bound;
            wm = Math.max(wm, Math.min(l, rr));
        }
        List<String> expected = new ArrayList<>();
        for (In l : ls) {
            for (In r : rs) {
                if (l.key().equals(r.key()) && r.ts() >= l.ts() - before && r.ts() <= l.ts() + after) {
                    expected.add(l.key() + "=" + (l.value() * 100 + r.value()) + "@" + Math.max(l.ts(), r.ts()));
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Property(tries = 100)
    void runningAggregateAndTableJoinMatchReference(@ForAll("input") List<In> in, @ForAll("input") List<In> tableRows) {
        PipelineBuilder b = new PipelineBuilder("t");
        Table<String, Long> table = b.table("table", Serdes.string(), Serdes.longs());
        Stream<String, Long> s = b.stream("in", Serdes.string(), Serdes.longs());
        s.leftJoin(table, (v, t) -> t == null ? -v : v * 1000 + t).withSerdes(Serdes.string(), Serdes.longs())
                .to("joined");
        s.groupByKey().aggregate(Aggregations.<Long>sum(v -> v)).withSerdes(Serdes.string(), Serdes.doubles())
                .to("totals");
        Map<String, Long> tableState = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        List<String> expectedJoined = new ArrayList<>();
        List<String> expectedTotals = new ArrayList<>();
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            for (int i = 0; i < Math.max(in.size(), tableRows.size()); i++) {
                if (i < tableRows.size()) {
                    In t = tableRows.get(i);
                    Long value = t.value() == 9 ? null : t.value(); // 9: a tombstone
                    d.pipe("table", t.key(), value, t.ts(), Serdes.string(), Serdes.longs());
                    if (value == null) {
                        tableState.remove(t.key());
                    } else {
                        tableState.put(t.key(), value);
                    }
                }
                if (i < in.size()) {
                    In r = in.get(i);
                    d.pipe("in", r.key(), r.value(), r.ts(), Serdes.string(), Serdes.longs());
                    Long t = tableState.get(r.key());
                    expectedJoined.add(r.key() + "=" + (t == null ? -r.value() : r.value() * 1000 + t));
                    long total = totals.merge(r.key(), r.value(), Long::sum);
                    expectedTotals.add(r.key() + "=" + (double) total);
                }
            }
            assertThat(Ref.flat(d.read("joined", Serdes.string(), Serdes.longs()))).containsExactlyElementsOf(expectedJoined);
            assertThat(Ref.flat(d.read("totals", Serdes.string(), Serdes.doubles()))).containsExactlyElementsOf(expectedTotals);
        }
    }

    @Property(tries = 100)
    void statelessOperatorsMatchReference(@ForAll("input") List<In> in) {
        PipelineBuilder b = new PipelineBuilder("s");
        Stream<String, Long> s = b.stream("in", Serdes.string(), Serdes.longs());
        List<Stream<String, Long>> branches = s.filter((k, v) -> !k.equals("d"))
                .map((k, v) -> KeyValue.of(k.toUpperCase(), v * 2), Serdes.string(), Serdes.longs())
                .split((k, v) -> v < 6, (k, v) -> v < 14);
        branches.get(0).flatMapValues(v -> List.of(v, v + 1)).withSerdes(Serdes.string(), Serdes.longs())
                .merge(branches.get(1).mapValues(v -> -v, Serdes.longs()))
                .peek((k, v) -> { })
                .to("out");
        List<String> expected = new ArrayList<>();
        for (In r : in) {
            if (r.key().equals("d")) {
                continue;
            }
            String k = r.key().toUpperCase();
            long v = r.value() * 2;
            if (v < 6) {
                expected.add(k + "=" + v);
                expected.add(k + "=" + (v + 1));
            } else if (v < 14) {
                expected.add(k + "=" + -v);
            }
        }
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            Ref.pipeAll(d, "in", in);
            assertThat(Ref.flat(d.read("out", Serdes.string(), Serdes.longs()))).containsExactlyElementsOf(expected);
        }
    }
}
