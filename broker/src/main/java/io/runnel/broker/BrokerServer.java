package io.runnel.broker;

import io.runnel.broker.api.ApiHandlerRegistry;
import io.runnel.broker.api.ApiVersionsHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.BrokerRegistration;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.network.Listener;
import io.runnel.broker.network.NetworkServer;
import io.runnel.broker.network.RequestServices;
import io.runnel.broker.security.Authorizer;
import io.runnel.broker.security.NameMapper;
import io.runnel.common.Time;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: network, handlers, metadata and the modules of {@link BrokerModules}, started and stopped in
 * order. Usable in-process (tests: {@code listeners=PLAINTEXT://127.0.0.1:0} and a temp {@code log.dirs}).
 *
 * <p>Start: bind the listeners (not yet accepting), start the modules (they register handlers and listeners),
 * load the metadata log (listeners see the image), then accept. Stop (also on SIGTERM through the server
 * command): stop accepting and reading, let in-flight requests finish, close connections, close the modules
 * (flush and close the logs), then the metadata.
 *
 * <p>Thread: {@link #start()} and {@link #close()} are called by one lifecycle thread; the accessors are
 * thread-safe once started.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private final Time time;
    private final List<BrokerModule> modules;
    private final List<BrokerModule> started = new ArrayList<>();
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private ExecutorService ioExecutor;
    private ScheduledExecutorService scheduler;
    private NetworkServer network;
    private MetadataService metadata;
    private List<Listener> advertised;
    private boolean closed;

    public BrokerServer(BrokerConfig config, Time time) {
        this(config, time, BrokerModules.all());
    }

    /** With an explicit module list (tests that exercise the framework alone). */
    public BrokerServer(BrokerConfig config, Time time, List<BrokerModule> modules) {
        this.config = config;
        this.time = time;
        this.modules = List.copyOf(modules);
    }

    public void start() throws Exception {
        Path logDir = config.logDir().toAbsolutePath().normalize();
        Files.createDirectories(logDir);
        ioExecutor = Executors.newFixedThreadPool(config.get(BrokerConfig.NUM_IO_THREADS), daemon("runnel-io"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("runnel-scheduler"));
        Authorizer authorizer = Authorizer.ALLOW_ALL;
        NameMapper names = NameMapper.IDENTITY;
        registry.register(new ApiVersionsHandler(registry));
        network = new NetworkServer(config.listeners(),
                new NetworkServer.Settings(config.get(BrokerConfig.SOCKET_REQUEST_MAX_BYTES),
                        config.get(BrokerConfig.CONNECTIONS_MAX_IDLE_MS),
                        config.get(BrokerConfig.NUM_NETWORK_THREADS)),
                new RequestServices(registry, time, ioExecutor, authorizer, names,
                        config.get(BrokerConfig.INFLIGHT_REQUESTS_PER_CONNECTION)));
        try {
            network.bind();
            advertised = advertisedListeners();
            String rack = config.get(BrokerConfig.RACK);
            TopicConfigs topicConfigs = new TopicConfigs(config);
            metadata = new MetadataService(logDir, new BrokerRegistration(config.nodeId(), advertised,
                    rack.isEmpty() ? null : rack), topicConfigs, Uuid::randomUuid);
            BrokerContext ctx = new BrokerContext(config, time, logDir, topicConfigs, registry, metadata,
                    ioExecutor, scheduler, authorizer, names);
            for (BrokerModule module : modules) {
                module.start(ctx);
                started.add(module);
            }
            registry.freeze();
            metadata.start();
            network.accept();
        } catch (Exception | Error e) {
            closeQuietly();
            throw e;
        }
    }

    /** Bound addresses with port 0 resolved; advertised unless advertised.listeners overrides them. */
    private List<Listener> advertisedListeners() {
        List<Listener> configured = config.advertisedListeners();
        if (!configured.isEmpty()) {
            return configured;
        }
        List<Listener> listeners = config.listeners();
        List<InetSocketAddress> bound = network.boundAddresses();
        List<Listener> out = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            String host = l.host();
            if (host.isEmpty() || bound.get(i).getAddress().isAnyLocalAddress()) {
                // Bound to every interface: advertise this machine's name, as Kafka does.
                host = canonicalHostName();
            }
            out.add(new Listener(l.name(), host, bound.get(i).getPort()));
        }
        return out;
    }

    private static String canonicalHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            LOG.warn("Cannot resolve this host's name ({}); advertising 127.0.0.1: set advertised.listeners",
                    e.getMessage());
            return "127.0.0.1";
        }
    }

    /** The port of the first listener (resolved when configured as 0). */
    public int boundPort() {
        return network.boundAddresses().get(0).getPort();
    }

    public List<InetSocketAddress> boundAddresses() {
        return network.boundAddresses();
    }

    /** What clients are told to connect to. */
    public List<Listener> advertisedEndpoints() {
        return advertised;
    }

    /** {@code host:port} of the first advertised listener, for client bootstrap. */
    public String bootstrapServers() {
        Listener l = advertised.get(0);
        return (l.host().contains(":") ? "[" + l.host() + "]" : l.host()) + ":" + l.port();
    }

    public MetadataService metadata() {
        return metadata;
    }

    public ApiHandlerRegistry handlers() {
        return registry;
    }

    public BrokerConfig config() {
        return config;
    }

    public String transport() {
        return network.transport();
    }

    /** Graceful stop: see the class comment. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNs = time.nowNs();
        if (network != null) {
            network.stopAccepting();
            try {
                network.awaitInFlight(config.get(BrokerConfig.SHUTDOWN_TIMEOUT_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
        LOG.info("Broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(time.nowNs() - startNs));
    }

    private void closeQuietly() {
        closed = true;
        if (network != null) {
            network.close();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            BrokerModule module = started.get(i);
            try {
                module.close();
            } catch (Exception e) {
                LOG.error("Module {} failed to close", module.name(), e);
            }
        }
        started.clear();
        if (metadata != null) {
            try {
                metadata.close();
            } catch (Exception e) {
                LOG.error("Metadata failed to close", e);
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (ioExecutor != null) {
            ioExecutor.shutdown();
            try {
                if (!ioExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("I/O threads still busy 5 s after shutdown; interrupting them");
                    ioExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger seq = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
