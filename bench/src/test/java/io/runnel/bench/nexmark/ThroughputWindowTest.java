package io.runnel.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThroughputWindowTest {
    private static final long MS = 1_000_000;

    @Test
    void spansFromTheFirstCommitSeenToTheLastBeforeTheCompletingOne() {
        ThroughputWindow w = new ThroughputWindow(1000, 0);
        assertThat(w.observe(0, 0, 0)).isFalse();
        assertThat(w.observe(50 * MS, 10 * MS, 100)).isFalse(); // first commit lands
        assertThat(w.observe(100 * MS, 20 * MS, 100)).isFalse(); // unchanged: not a new commit
        assertThat(w.observe(1050 * MS, 900 * MS, 400)).isFalse();
        assertThat(w.observe(2050 * MS, 1800 * MS, 700)).isFalse();
        assertThat(w.observe(3100 * MS, 2000 * MS, 1000)).isTrue(); // lags behind the work: not in the window
        assertThat(w.measured()).isTrue();
        assertThat(w.records()).isEqualTo(600);
        assertThat(w.elapsedMs()).isEqualTo(2000);
        assertThat(w.cpuMs()).isEqualTo(1790);
    }

    @Test
    void startsAtTheFirstNewCommitAfterTheWarmUp() {
        ThroughputWindow w = new ThroughputWindow(1000, 1500 * MS);
        w.observe(50 * MS, 0, 100);
        w.observe(1050 * MS, 0, 300);
        w.observe(1600 * MS, 0, 300); // after the warm-up, but the commit it shows landed before
        w.observe(2050 * MS, 0, 500);
        w.observe(3050 * MS, 0, 800);
        assertThat(w.observe(4050 * MS, 0, 1000)).isTrue();
        assertThat(w.records()).isEqualTo(300);
        assertThat(w.elapsedMs()).isEqualTo(1000);
    }

    @Test
    void isNotMeasuredWithFewerThanTwoCommitsBeforeTheCompletingOne() {
        ThroughputWindow w = new ThroughputWindow(1000, 0);
        w.observe(50 * MS, 0, 500);
        assertThat(w.observe(1050 * MS, 0, 1000)).isTrue();
        assertThat(w.measured()).isFalse();
    }
}
