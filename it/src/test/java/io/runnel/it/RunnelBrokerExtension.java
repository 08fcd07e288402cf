package io.runnel.it;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process Runnel broker per test class, on a free loopback port over a fresh temp directory (deleted
 * afterwards). Register it as a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension()
 *         .with("auto.create.topics.enable", "false");
 *
 * try (Admin admin = BROKER.admin()) { ... }   // or BROKER.bootstrapServers() for any client
 * </pre>
 *
 * {@link #restart()} stops the broker gracefully and starts it again on the same directory (a new port).
 * Not thread-safe: driven by the JUnit thread.
 */
public final class RunnelBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides = new HashMap<>();
    private Path dir;
    private BrokerServer server;

    /** Sets a broker configuration key for this test class. */
    public RunnelBrokerExtension with(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("runnel-it-");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        deleteRecursively(dir);
    }

    private void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0");
        config.put("log.dirs", dir.toString());
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.putAll(overrides);
        server = new BrokerServer(BrokerConfig.parse(config), Time.SYSTEM);
        server.start();
    }

    /** Graceful stop, then a start over the same data directory. */
    public void restart() throws Exception {
        server.close();
        start();
    }

    public BrokerServer server() {
        return server;
    }

    public Path dataDir() {
        return dir;
    }

    public String bootstrapServers() {
        return server.bootstrapServers();
    }

    /** Client properties with bootstrap.servers set; add your own on top. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** A new AdminClient for this broker; the caller closes it. */
    public Admin admin() {
        Properties props = clientProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(props);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
