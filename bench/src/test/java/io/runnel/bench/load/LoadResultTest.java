package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadResultTest {

    private static LoadSpec spec(LoadMode mode) {
        return new LoadSpec(mode, "127.0.0.1:9092", "t", 1000, 0, 0, 1024, 1, 1, "1", "none", 0,
                LoadSpec.DEFAULT_TIMEOUT_RECORDS_ONLY_NS, 10_000_000_000L, null, Map.of(), false);
    }

    @Test
    void shouldComputeThroughputFromTheMeasuredInterval() {
        LoadResult r = new LoadResult(spec(LoadMode.PRODUCE), 100_000, 100_000 * 1024L, 2_000_000_000L, 0, null,
                new LatencySummary(100_000, 1, 2, 3, 4, 1.5), false);
        assertThat(r.recordsPerSec()).isCloseTo(50_000, within(0.001));
        assertThat(r.mbPerSec()).isCloseTo(50_000 * 1024 / LoadResult.MB, within(0.001));
        assertThat(r.ok()).isTrue();
        String table = r.toTable();
        assertThat(table).contains("50,000 rec/s").contains("send-to-ack").contains("p99.9").contains("errors       0");
    }

    @Test
    void shouldWriteOneJsonLineAMachineCanRead() {
        LoadResult r = new LoadResult(spec(LoadMode.E2E), 10, 10_240, 1_000_000_000L, 2, "boom", LatencySummary.EMPTY, true);
        Map<String, Object> f = FlatJson.parse(r.toJson());
        assertThat(f).containsEntry("mode", "e2e").containsEntry("records", 10L).containsEntry("errors", 2L)
                .containsEntry("firstError", "boom").containsEntry("timedOut", true).containsEntry("latencyMsP99", null)
                .containsEntry("latencyKind", "produce-to-consume").containsEntry("rateTarget", null);
        assertThat(r.ok()).isFalse();
        assertThat(r.toTable()).contains("timed out").contains("2 (first: boom)");
    }

    @Test
    void shouldSplitAnEndToEndResultIntoItsSendToAckLeg() {
        LoadResult r = new LoadResult(spec(LoadMode.E2E), 10, 10_240, 1_000_000_000L, 0, null,
                new LatencySummary(10, 1.2, 4.0, 7.5, 8, 1.5), new LatencySummary(10, 0.9, 3.0, 6.0, 7, 1.1), false);
        Map<String, Object> f = FlatJson.parse(r.toJson());
        assertThat(f).containsEntry("latencyMsP99", 4.0).containsEntry("ackLatencyMsP50", 0.9)
                .containsEntry("ackLatencyMsP99", 3.0).containsEntry("ackLatencyMsP999", 6.0);
        assertThat(r.toTable()).contains("send-to-ack").contains("p99 3.000");
        LoadResult produce = new LoadResult(spec(LoadMode.PRODUCE), 10, 10_240, 1_000_000_000L, 0, null,
                new LatencySummary(10, 1, 2, 3, 4, 1.5), false);
        assertThat(FlatJson.parse(produce.toJson())).doesNotContainKey("ackLatencyMsP99");
    }

    @Test
    void shouldLeaveProducerSettingsOutOfAConsumeTable() {
        LoadResult r = new LoadResult(spec(LoadMode.CONSUME), 10, 10_240, 0, 0, null, LatencySummary.EMPTY, false);
        assertThat(r.recordsPerSec()).isZero();
        assertThat(r.toTable()).startsWith("consume t  partitions=1").doesNotContain("acks").doesNotContain("latency");
    }

    @Test
    void shouldSplitRecordsAcrossProducersExactly() {
        long total = 0;
        for (int i = 0; i < 7; i++) {
            total += LoadRunner.shareOf(1_000_003, 7, i);
        }
        assertThat(total).isEqualTo(1_000_003);
        assertThat(LoadRunner.shareOf(10, 3, 0)).isEqualTo(4);
        assertThat(LoadRunner.shareOf(10, 3, 2)).isEqualTo(3);
    }

    @Test
    void shouldPrintAProgressLineWithRatesAndPercentiles() {
        String line = ProgressReporter.line(3_000_000_000L, 90_000, 90_000 * 1024L, 1_000_000_000L, 270_000,
                new LatencySummary(5, 2.5, 12, 13, 14, 3), 0);
        assertThat(line).contains("[   3s]").contains("90,000 rec/s").contains("87.89 MB/s").contains("p50 2.500 ms")
                .contains("p99 12.000 ms").contains("total 270,000").doesNotContain("errors");
        assertThat(ProgressReporter.line(0, 0, 0, 0, 0, LatencySummary.EMPTY, 3)).contains("errors 3").doesNotContain("p50");
    }
}
