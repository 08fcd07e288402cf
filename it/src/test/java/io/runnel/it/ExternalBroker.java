package io.runnel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Runnel broker in its own JVM ({@code io.runnel.server.RunnelMain server}, on the test classpath), for fault
 * injection: {@link #kill9()} (SIGKILL, no shutdown hook runs), {@link #stop()} (SIGTERM, graceful), and
 * {@link #start} again over the same directory and port. The port is chosen once and reused, so clients can
 * reconnect after a restart. Output lines are kept in {@link #output()} for assertions and diagnostics.
 *
 * <p>Not thread-safe: driven by the test thread. The process writes its output to a temp file.
 */
public final class ExternalBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;
    private final Path outputFile;
    private Process process;

    private ExternalBroker(Path dataDir, int port, Map<String, String> overrides) throws IOException {
        this.dataDir = dataDir;
        this.outputFile = Files.createTempFile("runnel-external-broker-", ".out");
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker over {@code dataDir} on a free port and waits until it listens. */
    public static ExternalBroker start(Path dataDir, Map<String, String> overrides) throws IOException {
        ExternalBroker broker = new ExternalBroker(dataDir, freePort(), overrides);
        broker.start();
        return broker;
    }

    /** (Re)starts the process with the same directory, port and overrides; waits until it listens. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        Files.writeString(outputFile, "");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.runnel.server.RunnelMain", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir,
                "--override", "num.network.threads=2",
                "--override", "num.io.threads=4"));
        overrides.forEach((k, v) -> command.addAll(List.of("--override", k + "=" + v)));
        // To a file, not a pipe: nothing to drain, and the last lines survive the process.
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile())).start();
        Process started = process;
        Awaitility.await("broker in its own JVM to listen").atMost(START_TIMEOUT)
                .until(() -> !started.isAlive() || output().stream().anyMatch(l -> l.contains(" started in ")));
        if (!started.isAlive()) {
            throw new IllegalStateException("broker exited with " + started.exitValue() + ":\n"
                    + String.join("\n", output()));
        }
    }

    /** SIGKILL: the JVM dies at once, no shutdown hook, no flush. Waits for the process to be gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("broker did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Everything the process printed since its last start. */
    public List<String> output() {
        try {
            return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (isAlive()) {
            kill9();
        }
        Files.deleteIfExists(outputFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
