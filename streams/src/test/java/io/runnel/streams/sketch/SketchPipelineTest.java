package io.runnel.streams.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.Source;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sketch aggregations inside pipelines: windowed, running, session-merged, and across a crash and restore. */
class SketchPipelineTest {

    private static Pipeline windowedDistinctUsers() {
        PipelineBuilder b = new PipelineBuilder("app");
        b.stream(Source.of("clicks", Serdes.string(), Serdes.string()))
                .groupByKey()
                .window(Windows.tumbling(Duration.ofSeconds(10)))
                .aggregate(Aggregations.distinctCount(user -> user))
                .map((w, d) -> KeyValue.of(w.key() + "@" + w.start(), d.count()), Serdes.string(), Serdes.longs())
                .to("distinct");
        return b.build();
    }

    @Test
    void windowedDistinctCountSurvivesCrashAndRestore() {
        Random random = new Random(1);
        List<long[]> input = new java.util.ArrayList<>();
        Map<String, Set<Long>> exact = new LinkedHashMap<>();
        for (int i = 0; i < 4_000; i++) {
            long ts = i * 5L;
            long user = random.nextInt(3_000);
            input.add(new long[] {ts, user});
            exact.computeIfAbsent("page@" + (ts / 10_000 * 10_000), k -> new HashSet<>()).add(user);
        }
        Map<String, Long> crashFree = runDistinct(input, -1);
        Map<String, Long> crashed = runDistinct(input, input.size() / 2);
        // HLL is deterministic: the restored sketch plus the rest of the input is the same sketch.
        assertThat(crashed).isEqualTo(crashFree);
        assertThat(crashFree.keySet()).isEqualTo(exact.keySet());
        // Below 2^lgK * 3/4 distinct items the sketch is in its exact list/set modes or very close.
        exact.forEach((k, users) -> assertThat(crashFree.get(k)).isCloseTo(users.size(),
                org.assertj.core.data.Percentage.withPercentage(5)));
    }

    private static Map<String, Long> runDistinct(List<long[]> input, int crashAt) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PipelineTestDriver d = new PipelineTestDriver(windowedDistinctUsers())) {
            for (int i = 0; i < input.size(); i++) {
                d.pipe("clicks", "page", Long.toString(input.get(i)[1]), input.get(i)[0], Serdes.string(),
                        Serdes.string());
                if (i == crashAt - 100) {
                    d.commit();
                }
                if (i == crashAt) {
                    d.crash();
                }
            }
            d.endOfInput();
            for (TestRecord<String, Long> r : d.read("distinct", Serdes.string(), Serdes.longs())) {
                out.put(r.key(), r.value());
            }
        }
        return out;
    }

    @Test
    void runningQuantilesAndTopKAndSessionMergedDistinct() {
        PipelineBuilder b = new PipelineBuilder("app");
        var in = b.stream(Source.of("latency", Serdes.string(), Serdes.doubles()).outOfOrderness(Duration.ofSeconds(10)));
        in.groupByKey()
                .aggregate(Aggregations.quantiles((Double v) -> v, 0.5, 0.99))
                .mapValues(q -> q.valueAt(0.5) + "/" + q.valueAt(0.99) + "/" + q.count(), Serdes.string())
                .to("quantiles");
        in.groupByKey()
                .aggregate(Aggregations.topK((Double v) -> v.longValue() % 3, 2))
                .mapValues(t -> t.items().get(0).item(), Serdes.string())
                .to("top");
        in.groupByKey()
                .window(Windows.session(Duration.ofSeconds(1)))
                .aggregate(Aggregations.distinctCount((Double v) -> v))
                .map((w, dc) -> KeyValue.of(w.key() + "@" + w.start() + "-" + w.end(), dc.count()), Serdes.string(),
                        Serdes.longs())
                .to("sessions");
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            for (int i = 1; i <= 100; i++) {
                d.pipe("latency", "svc", (double) i, i * 10L, Serdes.string(), Serdes.doubles());
            }
            // Sessions [10, 2000) and [5000, 6000), then records bridging them: the session sketches merge.
            d.pipe("latency", "svc", 1.0, 5_000, Serdes.string(), Serdes.doubles());
            for (long t = 1_800; t < 5_000; t += 900) {
                d.pipe("latency", "svc", 2.0, t, Serdes.string(), Serdes.doubles());
            }
            d.endOfInput();
            List<TestRecord<String, String>> q = d.read("quantiles", Serdes.string(), Serdes.string());
            assertThat(q).hasSize(105);
            assertThat(q.get(99).value()).isEqualTo("50.0/99.0/100"); // below k values KLL is exact (inclusive ranks)
            List<TestRecord<String, String>> top = d.read("top", Serdes.string(), Serdes.string());
            assertThat(top.get(top.size() - 1).value()).isEqualTo("2"); // 1..100 and 1.0 and 4 x 2.0, mod 3: 37 twos, 35 ones, 33 zeros
            assertThat(d.read("sessions", Serdes.string(), Serdes.longs())).extracting(TestRecord::key,
                    TestRecord::value).containsExactly(org.assertj.core.groups.Tuple.tuple("svc@10-6000", 100L));
        }
    }
}
