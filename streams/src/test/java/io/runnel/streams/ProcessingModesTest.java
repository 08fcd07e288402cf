package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessingModesTest {

    private static Pipeline pipeline(EmitMode emit) {
        PipelineBuilder b = new PipelineBuilder("m");
        b.stream("in", Serdes.string(), Serdes.longs())
                .groupByKey()
                .window(Windows.tumbling(Duration.ofSeconds(10)))
                .emit(emit)
                .count()
                .map((w, c) -> KeyValue.of(w.key() + "@" + w.start(), c), Serdes.string(), Serdes.longs())
                .to("out");
        return b.build();
    }

    @Test
    void shouldCoalesceUpdatesPerTriggerInMicroBatchMode() {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withMode(ProcessingMode.MICRO_BATCH);
        try (PipelineTestDriver d = new PipelineTestDriver(pipeline(EmitMode.ON_UPDATE), o)) {
            for (int i = 0; i < 5; i++) {
                d.pipe("in", "a", 1L, 1_000 + i, Serdes.string(), Serdes.longs());
            }
            d.pipe("in", "b", 1L, 2_000, Serdes.string(), Serdes.longs());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).isEmpty();
            d.advanceTime(500);
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::key, TestRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a@0", 5L),
                            org.assertj.core.groups.Tuple.tuple("b@0", 1L));
        }
    }

    @Test
    void shouldCloseWindowsOnlyAtTriggerInMicroBatchMode() {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withMode(ProcessingMode.MICRO_BATCH);
        try (PipelineTestDriver d = new PipelineTestDriver(pipeline(EmitMode.ON_CLOSE), o)) {
            d.pipe("in", "a", 1L, 1_000, Serdes.string(), Serdes.longs());
            d.pipe("in", "a", 1L, 25_000, Serdes.string(), Serdes.longs());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).isEmpty();
            d.advanceTime(500);
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::key)
                    .containsExactly("a@0");
        }
    }

    @Test
    void shouldCloseEveryWindowAtEndOfBoundedInput() {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withMode(ProcessingMode.BOUNDED);
        try (PipelineTestDriver d = new PipelineTestDriver(pipeline(EmitMode.ON_CLOSE), o)) {
            d.pipe("in", "a", 1L, 1_000, Serdes.string(), Serdes.longs());
            d.pipe("in", "a", 1L, 15_000, Serdes.string(), Serdes.longs());
            d.endOfInput();
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::key)
                    .containsExactly("a@0", "a@10000");
        }
    }

    @Test
    void shouldAdvanceWatermarkPastIdlePartitionAfterTimeout() {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withPartitions("in", 2)
                .withIdleTimeoutMs(5_000);
        PipelineBuilder b = new PipelineBuilder("idle");
        b.stream("in", Serdes.string(), Serdes.longs())
                .keyBy((k, v) -> "all", Serdes.string())
                .window(Windows.tumbling(Duration.ofSeconds(10)))
                .count()
                .map((w, c) -> KeyValue.of(w.key(), c), Serdes.string(), Serdes.longs())
                .to("out");
        try (PipelineTestDriver d = new PipelineTestDriver(b.build(), o)) {
            d.pipe("in", 0, "x", 1L, 1_000, Serdes.string(), Serdes.longs());
            d.pipe("in", 0, "x", 1L, 20_000, Serdes.string(), Serdes.longs());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).isEmpty(); // partition 1 holds it back
            d.advanceTime(6_000);
            d.pipe("in", 0, "x", 1L, 21_000, Serdes.string(), Serdes.longs());
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).extracting(TestRecord::value)
                    .containsExactly(1L);
        }
    }
}
