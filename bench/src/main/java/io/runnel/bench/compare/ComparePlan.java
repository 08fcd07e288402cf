package io.runnel.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The workloads of issue 4 at a given scale, and how many A/B rounds. Full scale follows the issue (1M-record
 * max-rate runs, 30 s at fixed rates, 2M records caught up); {@code quick} shrinks every count and duration
 * for smoke tests. Immutable.
 *
 * @param rounds          A/B rounds (each starts both systems afresh)
 * @param maxRateRecords  records per max-rate produce run
 * @param fixedDurationS  measured seconds of each fixed-rate run (20k/s produce, 10k/s e2e)
 * @param warmupS         seconds each fixed-rate run sends before the measured ones: every run starts a new client
 *                        JVM, and its tail latency stays high until its JIT settles (10-15 s on 2 cores), which
 *                        measures the load tool, not the broker
 * @param catchupRecords  records written, then read back, by the catch-up workload
 * @param manyPartitionsRecords records of 100 B sent to the 1,000-partition topic
 * @param brokerWarmupRecords records of 1 KiB each broker takes, unmeasured, after it listens and before the first
 *                        workload (0: none); without it the first max-rate run measures a JVM still compiling
 */
record ComparePlan(int rounds, long maxRateRecords, int fixedDurationS, int warmupS, long catchupRecords,
                   long manyPartitionsRecords, long brokerWarmupRecords) {

    static final int RATE_FIXED = 20_000;
    static final int RATE_E2E = 10_000;
    static final int MANY_PARTITIONS = 1_000;

    static ComparePlan full(int rounds) {
        return new ComparePlan(rounds, 1_000_000, 30, 15, 2_000_000, 2_000_000, 300_000);
    }

    static ComparePlan quick() {
        return new ComparePlan(1, 100_000, 10, 2, 200_000, 200_000, 20_000);
    }

    ComparePlan {
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--rounds must be 1..20, got " + rounds);
        }
        if (fixedDurationS < 1) {
            throw new IllegalArgumentException("--fixed-duration must be at least 1 s, got " + fixedDurationS);
        }
        if (warmupS < 0) {
            throw new IllegalArgumentException("--fixed-warmup must be 0 or more seconds, got " + warmupS);
        }
        if (maxRateRecords < 1 || catchupRecords < 1 || manyPartitionsRecords < 1) {
            throw new IllegalArgumentException("record counts must be positive");
        }
        if (brokerWarmupRecords < 0) {
            throw new IllegalArgumentException("--broker-warmup-records must be 0 or more, got " + brokerWarmupRecords);
        }
    }

    /**
     * The unmeasured run each broker takes after it listens and before the first workload, or null for none: the
     * first workload (max-rate produce on one partition) would otherwise run while the broker's JIT compiles its
     * produce path, and the two brokers warm up at different speeds, which is not what a max-rate figure is about.
     */
    Workload brokerWarmup() {
        if (brokerWarmupRecords == 0) {
            return null;
        }
        return new Workload("broker-warmup", "unmeasured warm-up", "warm-up",
                List.of(List.of("produce", "--records", Long.toString(brokerWarmupRecords), "--record-size", "1024",
                        "--partitions", "1", "--acks", "1")),
                List.of());
    }

    /** Seconds a fixed-rate run sends: the warm-up, then the measured seconds. */
    int fixedRunS() {
        return warmupS + fixedDurationS;
    }

    /** Every workload, in run order; {@code only} (ids, empty = all) selects some. */
    List<Workload> workloads(Set<String> only) {
        List<Workload> all = new ArrayList<>();
        for (int partitions : new int[] {1, 8}) {
            for (String acks : new String[] {"1", "all"}) {
                all.add(new Workload("produce-p" + partitions + "-acks" + acks,
                        String.format(Locale.ROOT, "max-rate produce, 1 KiB, %d partition%s, acks=%s", partitions,
                                partitions == 1 ? "" : "s", acks),
                        String.format(Locale.ROOT, "produce %dp acks=%s", partitions, acks),
                        List.of(List.of("produce", "--records", Long.toString(maxRateRecords), "--record-size", "1024",
                                "--partitions", Integer.toString(partitions), "--acks", acks)),
                        List.of(Metric.RECORDS_PER_SEC, Metric.MB_PER_SEC)));
            }
        }
        all.add(new Workload("produce-fixed-20k", "produce at 20,000 rec/s, 1 KiB, acks=1, send-to-ack latency",
                "produce 20k/s",
                List.of(List.of("produce", "--rate", Integer.toString(RATE_FIXED), "--duration", fixedRunS() + "s",
                        "--warmup", warmupS + "s", "--record-size", "1024", "--partitions", "1", "--acks", "1")),
                List.of(Metric.LATENCY_P50, Metric.LATENCY_P99, Metric.LATENCY_P999)));
        all.add(new Workload("e2e-10k", "end-to-end at 10,000 rec/s, 1 KiB, acks=1, produce-to-consume latency",
                "e2e 10k/s",
                List.of(List.of("e2e", "--rate", Integer.toString(RATE_E2E), "--duration", fixedRunS() + "s",
                        "--warmup", warmupS + "s", "--record-size", "1024", "--partitions", "1", "--acks", "1")),
                List.of(Metric.LATENCY_P50, Metric.LATENCY_P99, Metric.LATENCY_P999)));
        // The same with linger.ms=0: at 10,000 rec/s the stock producer holds each record up to 1.5 ms until its
        // 16 KiB batch fills, for either broker; without that wait the row shows what the broker path adds.
        all.add(new Workload("e2e-10k-linger0",
                "end-to-end at 10,000 rec/s, 1 KiB, acks=1, producer linger.ms=0, produce-to-consume latency",
                "e2e 10k/s linger 0",
                List.of(List.of("e2e", "--rate", Integer.toString(RATE_E2E), "--duration", fixedRunS() + "s",
                        "--warmup", warmupS + "s", "--record-size", "1024", "--partitions", "1", "--acks", "1",
                        "--property", "linger.ms=0")),
                List.of(Metric.LATENCY_P50, Metric.LATENCY_P99, Metric.LATENCY_P999)));
        all.add(new Workload("catchup", String.format(Locale.ROOT, "consumer catch-up over %,d records of 1 KiB, 8 partitions", catchupRecords),
                "consumer catch-up",
                List.of(List.of("produce", "--records", Long.toString(catchupRecords), "--record-size", "1024",
                                "--partitions", "8", "--acks", "1"),
                        List.of("consume", "--records", Long.toString(catchupRecords))),
                List.of(Metric.RECORDS_PER_SEC, Metric.MB_PER_SEC)));
        all.add(new Workload("partitions-1000", String.format(Locale.ROOT,
                "max-rate produce, 100 B, %,d partitions, acks=1", MANY_PARTITIONS),
                "produce 1,000p 100 B",
                List.of(List.of("produce", "--records", Long.toString(manyPartitionsRecords), "--record-size", "100",
                        "--partitions", Integer.toString(MANY_PARTITIONS), "--acks", "1")),
                List.of(Metric.RECORDS_PER_SEC, Metric.MB_PER_SEC)));
        if (only.isEmpty()) {
            return all;
        }
        List<Workload> selected = all.stream().filter(w -> only.contains(w.id())).toList();
        if (selected.size() != only.size()) {
            throw new IllegalArgumentException("--workloads takes ids from " + all.stream().map(Workload::id).toList()
                    + ", got " + only);
        }
        return selected;
    }
}
