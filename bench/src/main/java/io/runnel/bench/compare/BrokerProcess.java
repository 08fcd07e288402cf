package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker JVM started as a child process, its output going to a log file: measures start-to-listening
 * (process spawn to the first ApiVersions answer), reads its resident set size from /proc, stops it with
 * SIGTERM and, past a bound, SIGKILL.
 *
 * <p>Owned by the harness thread.
 */
final class BrokerProcess implements AutoCloseable {

    private static final long STOP_GRACE_MS = 30_000;

    private final String name;
    private final Process process;
    private final Path log;
    private final long spawnNs;

    private BrokerProcess(String name, Process process, Path log, long spawnNs) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.spawnNs = spawnNs;
    }

    static BrokerProcess spawn(String name, List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            long spawnNs = System.nanoTime();
            return new BrokerProcess(name, pb.start(), log, spawnNs);
        } catch (IOException e) {
            throw new BenchException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the first ApiVersions answer; returns milliseconds since spawn. */
    double awaitListening(String host, int port, long timeoutMs) {
        long readyNs = ApiVersionsProbe.awaitAnswer(host, port,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), process::isAlive);
        if (readyNs < 0) {
            String why = process.isAlive() ? "did not answer ApiVersions on " + host + ":" + port + " within " + timeoutMs + " ms"
                    : "exited with code " + process.exitValue();
            throw new BenchException(name + " " + why + "; log: " + log + "\n" + tail(log));
        }
        return (readyNs - spawnNs) / 1e6;
    }

    /** Resident set size in bytes (VmRSS from /proc), or -1 where /proc is not available. */
    long rssBytes() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
