package io.runnel.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StreamsJobRunnerTest {

    @Test
    void shouldCountTheInputStillToComeOverTheTimeAfterTheFirstOutput() {
        // 1,000 events; a quarter of the output was out at the first poll; the rest took 2 s
        double rate = StreamsJobRunner.steadyEventsPerSec(1_000, 400, 100, 1_000_000_000L, 3_000_000_000L);
        assertThat(rate).isCloseTo(375.0, within(1e-9));
    }

    @Test
    void shouldReportNoRateWithoutOutput() {
        assertThat(StreamsJobRunner.steadyEventsPerSec(1_000, 400, 0, 0, 3_000_000_000L)).isEqualTo(-1);
        assertThat(StreamsJobRunner.steadyEventsPerSec(1_000, 400, 10, 5L, 5L)).isEqualTo(-1);
    }

    @Test
    void shouldMeasureCpuTimeThatGrowsWithWork() {
        long before = StreamsJobRunner.processCpuNs();
        long x = 0;
        for (int i = 0; i < 50_000_000; i++) {
            x += i ^ (x >>> 3);
        }
        assertThat(x).isNotZero();
        assertThat(StreamsJobRunner.processCpuNs()).isGreaterThan(before);
    }
}
