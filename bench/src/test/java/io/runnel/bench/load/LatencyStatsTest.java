package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void shouldSummariseKnownLatenciesInMilliseconds() {
        LatencyStats stats = new LatencyStats();
        // 1..1000 ms, one sample each: p50 = 500 ms, p99 = 990 ms, p99.9 = 999 ms, max = 1000 ms.
        for (int ms = 1; ms <= 1000; ms++) {
            stats.recordNs(ms * 1_000_000L);
        }
        LatencySummary s = stats.snapshot();
        assertThat(s.count()).isEqualTo(1000);
        // HdrHistogram with 3 significant digits: within 0.1 %.
        assertThat(s.msP50()).isCloseTo(500, within(0.5));
        assertThat(s.msP99()).isCloseTo(990, within(1.0));
        assertThat(s.msP999()).isCloseTo(999, within(1.0));
        assertThat(s.msMax()).isCloseTo(1000, within(1.0));
        assertThat(s.msMean()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void shouldAccumulateAcrossSnapshotsAndClampOutliers() {
        LatencyStats stats = new LatencyStats();
        stats.recordNs(2_000_000);
        assertThat(stats.snapshot().count()).isEqualTo(1);
        stats.recordNs(-5);
        stats.recordNs(Long.MAX_VALUE);
        LatencySummary s = stats.snapshot();
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.msMax()).isCloseTo(LatencyStats.HIGHEST_US / 1000.0, within(LatencyStats.HIGHEST_US / 1000.0 * 0.001));
    }

    @Test
    void shouldReportNothingForAnEmptyRun() {
        LatencySummary s = new LatencyStats().snapshot();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.msP99()).isNaN();
    }

    @Test
    void shouldTakeSamplesFromManyThreadsWithoutLosingAny() throws InterruptedException {
        LatencyStats stats = new LatencyStats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    stats.recordNs(1_000_000);
                    if (i % 1000 == 0) {
                        stats.snapshot();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stats.snapshot().count()).isEqualTo(40_000);
    }
}
