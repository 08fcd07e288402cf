package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The state a windowed operator keeps, and what its watermark handling reads of it, grow with the records inside
 * its time bound, not with the input: long inputs with many keys in flight, where a scan of the whole store per
 * watermark step (what made Nexmark q4 super-linear) visits hundreds of entries per record.
 */
class StateScanBoundTest {
    private static final int KEYS = 1_000;
    private static final int RECORDS = 20_000;
    private static final int COMMIT_EVERY = 100;

    @Test
    void sessionWindowsVisitAFewEntriesPerRecord() {
        PipelineBuilder b = new PipelineBuilder("app");
        b.stream(Source.of("in", Serdes.string(), Serdes.longs()))
                .groupByKey()
                .window(Windows.session(Duration.ofMillis(500)))
                .count()
                .map((w, c) -> KeyValue.of(w.key() + "@" + w.start(), c), Serdes.string(), Serdes.longs())
                .to("out");
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            long maxEntries = 0;
            for (int i = 0; i < RECORDS; i++) {
                // each key comes back every 1,000 ms, after its session (gap 500 ms) closed: ~500 sessions open
                d.pipe("in", "k" + (i % KEYS), 1L, i, Serdes.string(), Serdes.longs());
                if (i % COMMIT_EVERY == COMMIT_EVERY - 1) {
                    d.commit();
                    maxEntries = Math.max(maxEntries, d.storeEntries());
                }
            }
            d.endOfInput();
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).hasSize(RECORDS)
                    .allSatisfy(r -> assertThat(r.value()).isEqualTo(1L));
            assertThat(maxEntries).isBetween(400L, 600L);
            assertThat(d.storeEntriesVisited()).isLessThanOrEqualTo(2L * RECORDS);
        }
    }

    @Test
    void streamJoinBuffersHoldAboutTwoRetentionsAndVisitAFewEntriesPerRecord() {
        PipelineBuilder b = new PipelineBuilder("app");
        Stream<String, Long> left = b.stream(Source.of("left", Serdes.string(), Serdes.longs()));
        Stream<String, Long> right = b.stream(Source.of("right", Serdes.string(), Serdes.longs()));
        // retention: before 0 + after 500 + 1 = 501 ms of event time, one record per ms on each side
        left.join(right, Long::sum, JoinWindows.of(Duration.ZERO).after(Duration.ofMillis(500)))
                .withSerdes(Serdes.string(), Serdes.longs())
                .to("out");
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            long maxEntries = 0;
            for (int i = 0; i < RECORDS; i++) {
                String key = "k" + (i % KEYS);
                d.pipe("left", key, (long) i, i, Serdes.string(), Serdes.longs());
                d.pipe("right", key, (long) i, i, Serdes.string(), Serdes.longs());
                if (i % COMMIT_EVERY == COMMIT_EVERY - 1) {
                    d.commit();
                    maxEntries = Math.max(maxEntries, d.storeEntries());
                }
            }
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).hasSize(RECORDS)
                    .allSatisfy(r -> assertThat(r.value()).isEqualTo(2 * r.timestampMs()));
            assertThat(maxEntries).isBetween(2L * 501, 2L * 2 * 501 + 2 * COMMIT_EVERY);
            assertThat(d.storeEntriesVisited()).isLessThanOrEqualTo(3L * 2 * RECORDS);
        }
    }
}
