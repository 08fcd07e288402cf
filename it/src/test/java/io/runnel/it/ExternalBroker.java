package io.runnel.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Runnel broker in its own JVM ({@code io.runnel.server.RunnelMain server}, on the test classpath), for fault
 * injection: {@link #kill9()} (SIGKILL, no shutdown hook runs), {@link #stop()} (SIGTERM, graceful), and
 * {@link #start} again over the same directory and port. The port is chosen once and reused, so clients can
 * reconnect after a restart. Output lines are kept in {@link #output()} for assertions and diagnostics.
 *
 * <p>Not thread-safe: driven by the test thread (one reader thread drains the process output).
 */
public final class ExternalBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private ExternalBroker(Path dataDir, int port, Map<String, String> overrides) {
        this.dataDir = dataDir;
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
        output.clear();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.runnel.server.RunnelMain", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir,
                "--override", "num.network.threads=2",
                "--override", "num.io.threads=4"));
        overrides.forEach((k, v) -> command.addAll(List.of("--override", k + "=" + v)));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Process started = process;
        Thread reader = new Thread(() -> drain(started), "external-broker-output");
        reader.setDaemon(true);
        reader.start();
        Awaitility.await("broker in its own JVM to listen").atMost(START_TIMEOUT)
                .until(() -> !started.isAlive() || output.stream().anyMatch(l -> l.contains(" started in ")));
        if (!started.isAlive()) {
            throw new IllegalStateException("broker exited with " + started.exitValue() + ":\n"
                    + String.join("\n", output));
        }
    }

    private void drain(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("[output reader stopped: " + e + "]");
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
        return List.copyOf(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill9();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
