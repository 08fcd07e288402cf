package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.bench.load.LoadMode;
import io.runnel.bench.load.LoadOptions;
import io.runnel.bench.load.LoadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ComparePlanTest {

    @Test
    void shouldCoverEveryWorkloadOfTheIssue() {
        List<Workload> all = ComparePlan.full(3).workloads(Set.of());
        assertThat(all).extracting(Workload::id).containsExactly("produce-p1-acks1", "produce-p1-acksall",
                "produce-p8-acks1", "produce-p8-acksall", "produce-fixed-20k", "e2e-10k", "e2e-10k-linger0", "catchup",
                "partitions-1000");
        Workload catchup = all.stream().filter(w -> w.id().equals("catchup")).findFirst().orElseThrow();
        assertThat(catchup.steps()).hasSize(2);
        assertThat(catchup.steps().get(1)).containsSequence("consume", "--records", "2000000");
        Workload e2e = all.stream().filter(w -> w.id().equals("e2e-10k")).findFirst().orElseThrow();
        Workload e2eNoLinger = all.stream().filter(w -> w.id().equals("e2e-10k-linger0")).findFirst().orElseThrow();
        assertThat(e2eNoLinger.steps().get(0)).endsWith("--property", "linger.ms=0")
                .startsWith(e2e.steps().get(0).toArray(String[]::new));
    }

    @Test
    void shouldMeasureTheFixedDurationAfterTheWarmUp() {
        for (String id : List.of("produce-fixed-20k", "e2e-10k", "e2e-10k-linger0")) {
            Workload w = ComparePlan.full(3).workloads(Set.of(id)).get(0);
            assertThat(w.steps().get(0)).containsSequence("--duration", "45s").containsSequence("--warmup", "15s");
        }
        assertThat(new ComparePlan(1, 10, 30, 0, 10, 10, 0).workloads(Set.of("e2e-10k")).get(0).steps().get(0))
                .containsSequence("--duration", "30s").containsSequence("--warmup", "0s");
        assertThatThrownBy(() -> new ComparePlan(1, 10, 0, 5, 10, 10, 0)).hasMessageContaining("--fixed-duration");
        assertThatThrownBy(() -> new ComparePlan(1, 10, 30, -1, 10, 10, 0)).hasMessageContaining("--fixed-warmup");
    }

    @Test
    void shouldProduceArgumentsTheLoadToolAccepts() {
        for (ComparePlan plan : List.of(ComparePlan.full(3), ComparePlan.quick())) {
            for (Workload w : plan.workloads(Set.of())) {
                for (List<String> step : w.steps()) {
                    List<String> args = new ArrayList<>(step.subList(1, step.size()));
                    args.addAll(List.of("--bootstrap", "127.0.0.1:1", "--topic", w.topic(), "--json", "--timeout",
                            CompareRunner.stepTimeoutS(step) + "s"));
                    LoadOptions options = new LoadOptions();
                    new CommandLine(options).parseArgs(args.toArray(String[]::new));
                    LoadSpec spec = options.toSpec(LoadMode.valueOf(step.get(0).toUpperCase(Locale.ROOT)));
                    assertThat(spec.timeoutNs()).isGreaterThan(spec.durationNs());
                }
            }
        }
    }

    @Test
    void shouldWarmEachBrokerUpWithAnUnmeasuredProduceUnlessTurnedOff() {
        Workload warmup = ComparePlan.full(3).brokerWarmup();
        assertThat(warmup.steps()).containsExactly(List.of("produce", "--records", "300000", "--record-size", "1024",
                "--partitions", "1", "--acks", "1"));
        assertThat(warmup.topic()).isNotIn(ComparePlan.full(3).workloads(Set.of()).stream().map(Workload::topic).toList());
        assertThat(new ComparePlan(1, 10, 10, 2, 10, 10, 0).brokerWarmup()).isNull();
        assertThatThrownBy(() -> new ComparePlan(1, 10, 10, 2, 10, 10, -1))
                .hasMessageContaining("--broker-warmup-records");
    }

    @Test
    void shouldSelectWorkloadsByIdAndRejectUnknownOnes() {
        assertThat(ComparePlan.quick().workloads(Set.of("e2e-10k"))).extracting(Workload::id).containsExactly("e2e-10k");
        assertThatThrownBy(() -> ComparePlan.quick().workloads(Set.of("nope"))).hasMessageContaining("--workloads takes ids");
        assertThatThrownBy(() -> ComparePlan.full(0)).hasMessageContaining("--rounds");
    }

    @Test
    void shouldBoundFixedRateStepsByTheirDurationAndCountStepsGenerously() {
        assertThat(CompareRunner.stepTimeoutS(List.of("produce", "--duration", "30s"))).isEqualTo(150);
        assertThat(CompareRunner.stepTimeoutS(List.of("produce", "--records", "5"))).isEqualTo(900);
    }
}
