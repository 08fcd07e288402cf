package io.runnel.streams;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Shared helpers of the reference-model properties: random inputs and the naive watermark. */
final class Ref {
    /** One input record: key a..d, small value, time with jitter so that records arrive out of order. */
    record In(String key, long value, long ts) {
    }

    private Ref() {
    }

    /** Times drift forward with random jitter back, so some records are out of order and some late. */
    static Arbitrary<List<In>> inputs(int maxSize) {
        Arbitrary<In> step = Combinators.combine(Arbitraries.of("a", "b", "c", "d"), Arbitraries.longs().between(1, 9),
                Arbitraries.longs().between(-4_000, 6_000)).as((k, v, d) -> new In(k, v, d));
        return step.list().ofMaxSize(maxSize).map(steps -> {
            List<In> out = new ArrayList<>();
            long t = 10_000;
            for (In s : steps) {
                t = Math.max(0, t + Math.max(0, s.ts()) / 2);
                long ts = Math.max(0, t + Math.min(0, s.ts()));
                out.add(new In(s.key(), s.value(), ts));
            }
            return out;
        });
    }

    static void pipeAll(PipelineTestDriver d, String topic, List<In> in) {
        for (In r : in) {
            d.pipe(topic, r.key(), r.value(), r.ts(), Serdes.string(), Serdes.longs());
        }
    }

    /** Windowed output flattened to strings "key@start-end=value", for multiset comparison. */
    static <V> List<String> flat(List<TestRecord<String, V>> out) {
        List<String> s = new ArrayList<>();
        for (TestRecord<String, V> r : out) {
            s.add(r.key() + "=" + r.value());
        }
        return s;
    }
}
