package io.runnel.server;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.Time;
import io.runnel.common.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel server}: runs a broker until SIGTERM/SIGINT. Configuration: the properties file of
 * {@code --config}, then each {@code --override key=value} in order. A bad key or value prints one line naming
 * the key and what is accepted, exit code 2. On SIGTERM the broker stops accepting, finishes in-flight requests,
 * flushes and closes the logs and writes the clean-shutdown marker.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a broker (127.0.0.1:9092, data in ./data unless configured otherwise).")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Broker properties file (Kafka key names).")
    Path configFile;

    @Option(names = "--override", paramLabel = "KEY=VALUE",
            description = "Set one configuration key; repeatable; wins over --config.")
    List<String> overrides = new ArrayList<>();

    private final PrintStream err;

    ServerCommand(PrintStream err) {
        this.err = err;
    }

    /**
     * Runs the server with arguments {@link ServerArgs} read, with picocli's exit codes: what {@link #call()}
     * returns, or 1 with the stack trace when it throws.
     */
    static int run(ServerArgs.Parsed args, PrintStream err) {
        ServerCommand command = new ServerCommand(err);
        command.configFile = args.configFile();
        command.overrides = new ArrayList<>(args.overrides());
        try {
            return command.call();
        } catch (Exception e) {
            e.printStackTrace(err);
            return 1;
        }
    }

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = BrokerConfig.parse(rawConfig());
        } catch (ConfigException | UsageException e) {
            err.println("runnel: " + e.getMessage());
            return 2;
        }
        BrokerServer server = new BrokerServer(config, Time.SYSTEM);
        try {
            server.start();
        } catch (ConfigException e) {
            err.println("runnel: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down: finishing in-flight requests, flushing logs");
            server.close();
            stopped.countDown();
        }, "runnel-shutdown"));
        LOG.info("Runnel {} started in {} ms: listeners {} ({}), data dir {}", RunnelMain.version(),
                sinceProcessStartMs(), server.advertisedEndpoints().stream().map(Object::toString)
                        .collect(Collectors.joining(",")), server.transport(),
                config.logDir().toAbsolutePath().normalize());
        stopped.await();
        return 0;
    }

    private Map<String, String> rawConfig() throws IOException {
        Map<String, String> raw = new LinkedHashMap<>();
        if (configFile != null) {
            if (!Files.isReadable(configFile)) {
                throw new UsageException("cannot read --config file " + configFile);
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            for (String name : props.stringPropertyNames()) {
                raw.put(name, props.getProperty(name));
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--override expects KEY=VALUE, got '" + override + "'");
            }
            raw.put(override.substring(0, eq).trim(), override.substring(eq + 1));
        }
        return raw;
    }

    /**
     * Milliseconds since the JVM started: what a user waits from launch to a listening broker (the launcher's
     * build, if any, is not counted: it runs in the same process before {@code exec java}).
     */
    private static long sinceProcessStartMs() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Bad command-line usage, reported as one line with exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
