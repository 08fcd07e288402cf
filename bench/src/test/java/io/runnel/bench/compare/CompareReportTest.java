package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CompareReportTest {

    private final List<Workload> workloads = ComparePlan.quick().workloads(Set.of());

    private static Map<String, Object> row(int round, String system, String workload, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", (long) round);
        r.put("system", system);
        r.put("workload", workload);
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    private List<Map<String, Object>> threeRounds() {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[] kafka = {90_000, 80_000, 100_000};
        double[] runnel = {160_000, 170_000, 150_000};
        for (int round = 1; round <= 3; round++) {
            rows.add(row(round, "kafka", "produce-p1-acks1", "recordsPerSec", kafka[round - 1], "mbPerSec", 80.0));
            rows.add(row(round, "runnel", "produce-p1-acks1", "recordsPerSec", runnel[round - 1], "mbPerSec", 150.0));
            rows.add(row(round, "kafka", "produce-fixed-20k", "latencyMsP99", 8.0, "latencyMsP999", 20.0, "latencyMsP50", 2.0));
            rows.add(row(round, "runnel", "produce-fixed-20k", "latencyMsP99", 4.0, "latencyMsP999", 12.0, "latencyMsP50", 1.0,
                    "stealPct", 0.5 * round));
            rows.add(row(round, "kafka", "node", "startMs", 4000.0, "rssMb", 500.0, "loadAvgBefore", 1.0 + round, "loadAvgAfter", 2.5));
            rows.add(row(round, "runnel", "node", "startMs", 400.0, "rssMb", 200.0));
        }
        rows.add(row(2, "runnel", "catchup", "failed", true, "error", "consume step failed: boom\nlog tail"));
        return rows;
    }

    @Test
    void shouldTakeMediansOfSuccessfulRoundsAndRatios() {
        CompareReport report = new CompareReport(threeRounds(), workloads);
        assertThat(report.median("kafka", "produce-p1-acks1", Metric.RECORDS_PER_SEC)).isEqualTo(90_000);
        assertThat(report.median("runnel", "produce-p1-acks1", Metric.RECORDS_PER_SEC)).isEqualTo(160_000);
        assertThat(report.ratio("produce-p1-acks1", Metric.RECORDS_PER_SEC)).isEqualTo(160_000 / 90_000.0);
        assertThat(report.median("runnel", "catchup", Metric.RECORDS_PER_SEC)).isNull();
        assertThat(report.ratio("catchup", Metric.RECORDS_PER_SEC)).isNull();
        assertThat(report.rounds()).isEqualTo(3);
        assertThat(CompareReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(report.loadAverageRange()).isEqualTo("2.0-4.0");
        assertThat(report.stealRange()).isEqualTo("0.5-1.5%");
    }

    @Test
    void shouldComputeStealFromProcStatTicks() {
        assertThat(MachineInfo.stealPercent(new long[] {1_000, 10}, new long[] {1_400, 110})).isEqualTo(25.0);
        assertThat(MachineInfo.stealPercent(null, new long[] {1, 1})).isNull();
        assertThat(MachineInfo.stealPercent(new long[] {5, 1}, new long[] {5, 1})).isNull();
        long[] now = MachineInfo.cpuTicks();
        if (now != null) { // Linux
            assertThat(now[0]).isPositive();
            assertThat(now[1]).isBetween(0L, now[0]);
        }
    }

    @Test
    void shouldRenderTheTableWithGoalsAndEveryRound() {
        String table = new CompareReport(threeRounds(), workloads).markdownTable();
        assertThat(table).contains("| max-rate produce, 1 KiB, 1 partition, acks=1 | records/s | 90,000 | 160,000 | 1.78x | >= 1.7x met | 90,000, 80,000, 100,000 / 160,000, 170,000, 150,000 |");
        assertThat(table).contains("|  | p99 ms | 8.00 | 4.00 | 0.50x | <= 5.00 met |");
        assertThat(table).contains("| p99.9 ms | 20.0 | 12.0 | 0.60x | <= 10.0 not met |");
        assertThat(table).contains("| broker node | start-to-listening ms | 4,000 | 400 | 0.10x | <= 500 met |");
        assertThat(table).contains("| records/s | - | - | - | >= 1.5x |");
        // the host's steal under the latency rows, per round, without a ratio (Kafka's rows recorded none here)
        assertThat(table).contains("|  | CPU steal during the run, % | - | 1.00 | - |  | - / 0.50, 1.00, 1.50 |");
        assertThat(table).doesNotContain("| records/s | CPU steal");
    }

    @Test
    void shouldListFailuresByTheirFirstLine() {
        assertThat(new CompareReport(threeRounds(), workloads).failures())
                .containsExactly("runnel round 2 catchup: consume step failed: boom");
    }

    @Test
    void shouldDrawAWellFormedSvgWithBothSystems() throws Exception {
        String svg = new SvgChart(new CompareReport(threeRounds(), workloads)).render("test <run> & more");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains("Kafka 4.4.0").contains("Runnel").contains("160,000").contains("no result")
                .contains("test &lt;run&gt; &amp; more").contains("log scale");
    }

    @Test
    void shouldShowOnlyKafkaWhenRunnelWasNotMeasured() {
        List<Map<String, Object>> rows = List.of(row(1, "kafka", "produce-p1-acks1", "recordsPerSec", 91_000.0));
        CompareReport report = new CompareReport(rows, workloads);
        assertThat(report.markdownTable()).contains("| records/s | 91,000 | - | - | >= 1.7x |");
    }
}
