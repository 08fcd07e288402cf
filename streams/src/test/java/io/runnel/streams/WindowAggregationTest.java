package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAggregationTest {

    private static Pipeline tumblingCount(long boundMs, EmitMode emit, long latenessMs) {
        PipelineBuilder b = new PipelineBuilder("app");
        b.stream(Source.of("in", Serdes.string(), Serdes.string()).outOfOrderness(Duration.ofMillis(boundMs)))
                .groupByKey()
                .window(Windows.tumbling(Duration.ofSeconds(10)))
                .emit(emit)
                .allowedLateness(Duration.ofMillis(latenessMs))
                .lateRecordsTo("late")
                .count()
                .map((w, c) -> KeyValue.of(w.key() + "@" + w.start() + "-" + w.end(), c), Serdes.string(),
                        Serdes.longs())
                .to("out");
        return b.build();
    }

    @Test
    void shouldEmitTumblingCountsWhenWatermarkPassesWindowEnd() {
        try (PipelineTestDriver d = new PipelineTestDriver(tumblingCount(2_000, EmitMode.ON_CLOSE, 0))) {
            d.pipe("in", "a", "x", 1_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 9_000, Serdes.string(), Serdes.string());
            d.pipe("in", "b", "x", 5_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 11_000, Serdes.string(), Serdes.string());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).isEmpty();
            d.pipe("in", "a", "x", 8_000, Serdes.string(), Serdes.string()); // out of order, within bound
            d.pipe("in", "a", "x", 12_000, Serdes.string(), Serdes.string()); // watermark 10_000: closes [0,10s)
            List<TestRecord<String, Long>> out = d.read("out", Serdes.string(), Serdes.longs());
            assertThat(out).extracting(TestRecord::key, TestRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a@0-10000", 3L),
                            org.assertj.core.groups.Tuple.tuple("b@0-10000", 1L));
            assertThat(out.get(0).timestampMs()).isEqualTo(9_999);
            d.pipe("in", "c", "late", 3_000, Serdes.string(), Serdes.string());
            assertThat(d.read("late", Serdes.string(), Serdes.string())).extracting(TestRecord::value)
                    .containsExactly("late");
            d.endOfInput();
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::key)
                    .containsExactly("a@0-10000", "b@0-10000", "a@10000-20000");
        }
    }

    @Test
    void shouldReEmitWindowUpdatedWithinAllowedLateness() {
        try (PipelineTestDriver d = new PipelineTestDriver(tumblingCount(0, EmitMode.ON_CLOSE, 5_000))) {
            d.pipe("in", "a", "x", 1_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 12_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 2_000, Serdes.string(), Serdes.string()); // late but within lateness
            d.pipe("in", "a", "x", 16_000, Serdes.string(), Serdes.string()); // wm 16s: [0,10s) expired
            d.pipe("in", "a", "x", 3_000, Serdes.string(), Serdes.string()); // too late
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::value)
                    .containsExactly(1L, 2L);
            assertThat(d.lateRecords()).isEqualTo(1);
        }
    }

    @Test
    void shouldEmitEveryUpdateInOnUpdateMode() {
        try (PipelineTestDriver d = new PipelineTestDriver(tumblingCount(0, EmitMode.ON_UPDATE, 0))) {
            d.pipe("in", "a", "x", 1_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 2_000, Serdes.string(), Serdes.string());
            d.pipe("in", "a", "x", 12_000, Serdes.string(), Serdes.string());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::value)
                    .containsExactly(1L, 2L, 1L);
        }
    }

    @Test
    void shouldAverageAfterRepartitionWithWatermarksFromAllPartitions() {
        PipelineBuilder b = new PipelineBuilder("app");
        b.stream(Source.of("in", Serdes.string(), Serdes.string()))
                .keyBy(v -> v.split(":")[0], Serdes.string())
                .window(Windows.tumbling(Duration.ofSeconds(10)))
                .avg(v -> Double.parseDouble(v.split(":")[1]))
                .map((w, a) -> KeyValue.of(w.key(), a.avg()), Serdes.string(), Serdes.doubles())
                .to("out");
        PipelineTestDriver.Options opts = PipelineTestDriver.Options.defaults().withPartitions("in", 2);
        try (PipelineTestDriver d = new PipelineTestDriver(b.build(), opts)) {
            d.pipe("in", 0, null, "s1:10", 1_000, Serdes.string(), Serdes.string());
            d.pipe("in", 1, null, "s1:20", 2_000, Serdes.string(), Serdes.string());
            d.pipe("in", 0, null, "s1:30", 15_000, Serdes.string(), Serdes.string());
            // partition 1 still at 2s: the window must stay open
            assertThat(d.read("out", Serdes.string(), Serdes.doubles())).isEmpty();
            d.pipe("in", 1, null, "s2:1", 11_000, Serdes.string(), Serdes.string());
            assertThat(d.read("out", Serdes.string(), Serdes.doubles())).extracting(TestRecord::value)
                    .containsExactly(15.0);
        }
    }
}
