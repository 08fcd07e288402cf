package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived helper process (mvn, Kafka's storage tool) to completion, bounded in time. Stateless. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Runs {@code command} in {@code dir} with output to {@code log}; throws BenchException with the log's tail if
     * it fails or outlives {@code timeoutMs}.
     */
    static void runToCompletion(String what, List<String> command, Path dir, Path log, long timeoutMs) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new BenchException(what + " did not finish within " + timeoutMs + " ms; log: " + log);
            }
            if (p.exitValue() != 0) {
                throw new BenchException(what + " failed with exit code " + p.exitValue() + "; log: " + log + "\n"
                        + BrokerProcess.tail(log));
            }
        } catch (IOException e) {
            throw new BenchException("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running " + what, e);
        }
    }

    /** The java launcher of the running JVM, so children use the same JDK. */
    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
