package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        try (PipelineTestDriver d = new PipelineTestDriver(windowCounts(Windows.session(Duration.ofMillis(500))))) {
            // each key comes back every 1,000 ms, after its session (gap 500 ms) closed: ~500 sessions open
            long maxEntries = pipeEveryKeyEverySecond(d);
            d.endOfInput();
            assertThat(d.read("out", Serdes.string(), Serdes.longs())).hasSize(RECORDS)
                    .allSatisfy(r -> assertThat(r.value()).isEqualTo(1L));
            assertThat(maxEntries).isBetween(400L, 600L);
            assertThat(d.storeEntriesVisited()).isLessThanOrEqualTo(2L * RECORDS);
        }
    }

    @Test
    void slidingWindowsVisitAFewEntriesPerRecord() {
        try (PipelineTestDriver d = new PipelineTestDriver(windowCounts(Windows.sliding(Duration.ofMillis(500))))) {
            // each key comes back every 1,000 ms, after its last record left the window (500 ms): each window
            // counts its own record only, and the last 500 ms of records (~500) stay buffered
            long maxEntries = pipeEveryKeyEverySecond(d);
            d.endOfInput();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add("k" + (i % KEYS) + "@" + (i - 499) + "-" + (i + 1) + "=1");
            }
            assertThat(Ref.flat(d.read("out", Serdes.string(), Serdes.longs())))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(maxEntries).isBetween(400L, 600L);
            assertThat(d.storeEntriesVisited()).isLessThanOrEqualTo(2L * RECORDS);
        }
    }

    /** Counts per window of the keys of "in", written to "out" keyed {@code key@start-end}. */
    private static Pipeline windowCounts(Windows windows) {
        PipelineBuilder b = new PipelineBuilder("app");
        b.stream(Source.of("in", Serdes.string(), Serdes.longs()))
                .groupByKey()
                .window(windows)
                .count()
                .map((w, c) -> KeyValue.of(w.key() + "@" + w.start() + "-" + w.end(), c), Serdes.string(),
                        Serdes.longs())
                .to("out");
        return b.build();
    }

    /**
     * Pipes record i at time i ms to key {@code k(i % KEYS)}, so each key every 1,000 ms, committing every
     * COMMIT_EVERY records; returns the most store entries at a commit.
     */
    private static long pipeEveryKeyEverySecond(PipelineTestDriver d) {
        long maxEntries = 0;
        for (int i = 0; i < RECORDS; i++) {
            d.pipe("in", "k" + (i % KEYS), 1L, i, Serdes.string(), Serdes.longs());
            if (i % COMMIT_EVERY == COMMIT_EVERY - 1) {
                d.commit();
                maxEntries = Math.max(maxEntries, d.storeEntries());
            }
        }
        return maxEntries;
    }

    @Test
    void streamJoinBuffersHoldASegmentAndARetentionAndVisitAFewEntriesPerRecord() {
        PipelineBuilder b = new PipelineBuilder("app");
        Stream<String, Long> left = b.stream(Source.of("left", Serdes.string(), Serdes.longs()));
        Stream<String, Long> right = b.stream(Source.of("right", Serdes.string(), Serdes.longs()));
        // retention: before 0 + after 500 + 1 = 501 ms of event time, one record per ms on each side; segments of
        // 1,002 ms expire whole, so a side holds at most a segment and a retention of records (1,503)
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
            assertThat(maxEntries).isBetween(2L * 501, 2L * (1002 + 501) + 2 * COMMIT_EVERY);
            assertThat(d.storeEntriesVisited()).isLessThanOrEqualTo(3L * 2 * RECORDS);
        }
    }
}
