package io.runnel.bench.compare;

import io.runnel.bench.load.BenchCommand;
import io.runnel.bench.load.BenchException;
import io.runnel.bench.load.FlatJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one load-tool invocation in a fresh client JVM (never in a broker's JVM, never in the harness's), with
 * {@code --json}; its progress lines go to a log file and its last stdout line is parsed as the result. Each
 * run is bounded: the tool's own {@code --timeout}, and past that plus a margin the JVM is killed. Stateless.
 */
final class ClientJvm {

    private static final long KILL_MARGIN_MS = 60_000;

    private final String heap;
    private final String classpath;

    ClientJvm(String heap, String classpath) {
        this.heap = heap;
        this.classpath = classpath;
    }

    /**
     * @param args      load-tool arguments, the first being the mode
     * @param timeoutS  passed as the tool's --timeout
     * @return the parsed JSON result fields
     * @throws BenchException when the JVM failed without a JSON result or outlived its bound
     */
    Map<String, Object> run(List<String> args, String bootstrap, String topic, long timeoutS, Path log) {
        List<String> cmd = new ArrayList<>(List.of(ChildProcesses.javaBin(), "-Xms" + heap, "-Xmx" + heap,
                "-XX:+UseG1GC", "-cp", classpath, BenchCommand.class.getName()));
        cmd.addAll(args);
        cmd.addAll(List.of("--bootstrap", bootstrap, "--topic", topic, "--json", "--timeout", timeoutS + "s"));
        Path out = log.resolveSibling(log.getFileName() + ".json");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(timeoutS * 1000 + KILL_MARGIN_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new BenchException("client JVM outlived its timeout; log: " + log);
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
            if (!last.startsWith("{")) {
                throw new BenchException("client JVM exited " + p.exitValue() + " without a result; log: " + log
                        + "\n" + BrokerProcess.tail(log));
            }
            return FlatJson.parse(last);
        } catch (IOException e) {
            throw new BenchException("cannot run the client JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the client JVM ran", e);
        }
    }
}
