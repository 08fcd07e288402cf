package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import io.runnel.bench.load.TopicSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the comparison: for each round, each system in turn (A B A B ...) on a fresh data directory: start the
 * node and time it to listening, run every workload in a separate client JVM, delete its topic, read the
 * node's RSS, stop the node, remove its data. A failed workload is recorded as failed and the round goes on;
 * a node that died ends its round. Every step is bounded (node start, each client JVM, node stop).
 *
 * <p>Runs on the calling thread.
 */
final class CompareRunner {

    private static final long START_TIMEOUT_MS = 120_000;
    private static final long SYNC_TIMEOUT_MS = 300_000;
    private static final long RECORDS_STEP_TIMEOUT_S = 900;
    private static final long DURATION_STEP_SLACK_S = 120;
    private static final long ADMIN_TIMEOUT_MS = 60_000;

    private final ComparePlan plan;
    private final List<Workload> workloads;
    private final List<BrokerUnderTest> systems;
    private final Path workDir;
    private final ClientJvm client;
    private final ResultLog results;
    private final PrintWriter out;

    CompareRunner(ComparePlan plan, List<Workload> workloads, List<BrokerUnderTest> systems, Path workDir,
                  ClientJvm client, ResultLog results, PrintWriter out) {
        this.plan = plan;
        this.workloads = workloads;
        this.systems = systems;
        this.workDir = workDir;
        this.client = client;
        this.results = results;
        this.out = out;
    }

    void run() {
        for (BrokerUnderTest system : systems) {
            try {
                throwIfInUse(system.ports());
                system.prepare(workDir, out);
            } catch (BenchException e) {
                out.println("  note: preparing " + system.label() + " failed: " + e.getMessage());
            }
        }
        for (int round = 1; round <= plan.rounds(); round++) {
            for (BrokerUnderTest system : systems) {
                runRound(round, system);
            }
        }
    }

    private void runRound(int round, BrokerUnderTest system) {
        Path roundDir = workDir.resolve(system.id() + "-r" + round);
        deleteRecursively(roundDir);
        Path dataDir = roundDir.resolve("data");
        Path logs = workDir.resolve("logs").resolve(system.id() + "-r" + round);
        out.printf(Locale.ROOT, "round %d/%d  %s: starting on %s%n", round, plan.rounds(), system.label(), system.bootstrap());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        flushDirtyPages(logs);
        Double loadBefore = MachineInfo.loadAverage();
        try {
            throwIfInUse(system.ports());
        } catch (BenchException e) {
            out.println("  round failed: " + e.getMessage());
            results.append(failedRow(round, system, Workload.NODE, e.getMessage()));
            return;
        }
        try (BrokerProcess node = system.start(dataDir, logs.resolve("broker.log"))) {
            double startMs = node.awaitListening(BrokerUnderTest.HOST, system.port(), START_TIMEOUT_MS);
            out.printf(Locale.ROOT, "  listening after %.0f ms%n", startMs);
            warmUp(system, logs);
            for (Workload w : workloads) {
                if (!node.isAlive()) {
                    results.append(failedRow(round, system, w.id(), "broker process died; log: " + node.log()));
                    continue;
                }
                flushDirtyPages(logs);
                runWorkload(round, system, w, logs);
            }
            long rssBytes = node.rssBytes();
            Map<String, Object> row = row(round, system, Workload.NODE);
            row.put(Metric.START_MS.field, startMs);
            row.put(Metric.RSS_MB.field, rssBytes < 0 ? null : rssBytes / (1024.0 * 1024.0));
            row.put("loadAvgBefore", loadBefore);
            row.put("loadAvgAfter", MachineInfo.loadAverage());
            results.append(row);
            out.printf(Locale.ROOT, "  RSS after the run: %.0f MB%n", rssBytes / (1024.0 * 1024.0));
        } catch (BenchException e) {
            out.println("  round failed: " + e.getMessage());
            results.append(failedRow(round, system, Workload.NODE, e.getMessage()));
        } finally {
            deleteRecursively(roundDir);
        }
    }

    /** The plan's unmeasured warm-up run, if any; its failure is noted, and the workloads still run. */
    private void warmUp(BrokerUnderTest system, Path logs) {
        Workload warmup = plan.brokerWarmup();
        if (warmup == null) {
            return;
        }
        List<String> args = warmup.steps().get(0);
        Path log = logs.resolve(warmup.id() + ".log");
        try {
            Map<String, Object> r = client.run(args, system.bootstrap(), warmup.topic(), stepTimeoutS(args), log);
            if (!Boolean.FALSE.equals(r.get("timedOut")) || !Long.valueOf(0).equals(r.get("errors"))) {
                out.println("  note: the warm-up run failed (" + r.get("firstError") + "); log: " + log);
            }
        } catch (BenchException e) {
            out.println("  note: the warm-up run failed (" + e.getMessage() + ")");
        }
        deleteTopic(system, warmup.topic());
    }

    private void runWorkload(int round, BrokerUnderTest system, Workload w, Path logs) {
        Map<String, Object> measured = null;
        try {
            List<List<String>> steps = w.steps();
            long[] ticksBefore = null;
            for (int i = 0; i < steps.size(); i++) {
                if (i == steps.size() - 1) {
                    ticksBefore = MachineInfo.cpuTicks(); // around the measured (last) step
                }
                List<String> args = steps.get(i);
                Path log = logs.resolve(w.id() + "-" + i + "-" + args.get(0) + ".log");
                Map<String, Object> r = client.run(args, system.bootstrap(), w.topic(), stepTimeoutS(args), log);
                if (!Boolean.FALSE.equals(r.get("timedOut")) || !Long.valueOf(0).equals(r.get("errors"))) {
                    throw new BenchException(args.get(0) + " step failed: " + r.get("firstError")
                            + (Boolean.TRUE.equals(r.get("timedOut")) ? " (timed out)" : "") + "; log: " + log);
                }
                measured = r;
            }
            Double steal = MachineInfo.stealPercent(ticksBefore, MachineInfo.cpuTicks());
            Map<String, Object> row = row(round, system, w.id());
            row.putAll(measured);
            row.put("stealPct", steal);
            results.append(row);
            out.printf(Locale.ROOT, "  %-18s %s%n", w.id(), summary(w, measured));
        } catch (BenchException e) {
            out.printf(Locale.ROOT, "  %-18s FAILED: %s%n", w.id(), e.getMessage());
            results.append(failedRow(round, system, w.id(), e.getMessage()));
        }
        deleteTopic(system, w.topic());
    }

    /**
     * Writes back every dirty page (sync(1)) before a broker starts and before each workload. A workload that
     * writes gigabytes (catch-up writes 2 GB) leaves them dirty in the page cache; the kernel's background writeback
     * then runs during whatever comes next, and its I/O lands on the next workload or the other system's start
     * (fsyncs wait behind it). Settling first makes every workload start from the same disk state.
     */
    private void flushDirtyPages(Path logs) {
        try {
            ChildProcesses.runToCompletion("sync", List.of("sync"), workDir, logs.resolve("sync.log"), SYNC_TIMEOUT_MS);
        } catch (BenchException e) {
            out.println("  note: " + e.getMessage());
        }
    }

    private void deleteTopic(BrokerUnderTest system, String topic) {
        try (TopicSetup admin = new TopicSetup(system.bootstrap(), Map.of(), ADMIN_TIMEOUT_MS)) {
            admin.deleteTopics(List.of(topic));
        } catch (BenchException e) {
            out.println("  note: could not delete topic " + topic + " (" + e.getMessage() + "); it stays until the round ends");
        }
    }

    /** Fails when something already listens on one of the ports (another broker or benchmark). */
    static void throwIfInUse(List<Integer> ports) {
        for (int port : ports) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(BrokerUnderTest.HOST, port));
            } catch (IOException e) {
                throw new BenchException("port " + port + " on " + BrokerUnderTest.HOST + " is in use: another broker or "
                        + "benchmark is running there (" + e.getMessage() + ")", e);
            }
        }
    }

    static long stepTimeoutS(List<String> args) {
        int i = args.indexOf("--duration");
        if (i < 0) {
            return RECORDS_STEP_TIMEOUT_S;
        }
        String d = args.get(i + 1);
        return Long.parseLong(d.substring(0, d.length() - 1)) + DURATION_STEP_SLACK_S;
    }

    private static String summary(Workload w, Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        for (Metric m : w.metrics()) {
            Object v = r.get(m.field);
            sb.append(String.format(Locale.ROOT, "%s %s  ", m.label, v instanceof Number ? CompareReport.format(((Number) v).doubleValue()) : "-"));
        }
        return sb.toString().trim();
    }

    private static Map<String, Object> row(int round, BrokerUnderTest system, String workload) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("round", round);
        row.put("system", system.id());
        row.put("workload", workload);
        return row;
    }

    private static Map<String, Object> failedRow(int round, BrokerUnderTest system, String workload, String error) {
        Map<String, Object> row = row(round, system, workload);
        row.put("failed", true);
        row.put("error", error);
        return row;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BenchException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
