package io.runnel.client.internal;

import io.runnel.client.RunnelClientException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the producers, consumers and readers of one RunnelClient share: the bootstrap servers, the operation
 * timeout, one lazily created AdminClient, and the set of open handles that {@link #close()} closes.
 * Thread-safe: the handle set is concurrent, the admin client is created under this object's lock.
 */
public final class ClientContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientContext.class);
    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private final String bootstrapServers;
    private final long operationTimeoutMs;
    private final String clientIdPrefix;
    private final AtomicInteger handleSequence = new AtomicInteger();
    private final Set<AutoCloseable> handles = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private volatile boolean closed;

    public ClientContext(String bootstrapServers, long operationTimeoutMs) {
        this.bootstrapServers = bootstrapServers;
        this.operationTimeoutMs = operationTimeoutMs;
        // The random part makes client ids unique across processes: Exclusive subscriptions rely on it.
        this.clientIdPrefix = "runnel-" + Long.toHexString(new SecureRandom().nextLong() & 0xFFFFFFFFL) + "-"
                + CLIENT_SEQUENCE.incrementAndGet();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long operationTimeoutMs() {
        return operationTimeoutMs;
    }

    /**
     * Properties every Kafka client of this RunnelClient starts from. The client.id is unique across processes:
     * {@code name} (or {@code role} when null) followed by this client's random prefix and a sequence number.
     */
    public Properties baseProperties(String role, String name) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, (name == null ? role : name) + "-" + clientIdPrefix + "-"
                + handleSequence.incrementAndGet());
        return p;
    }

    /** The shared AdminClient, created on first use. */
    public synchronized Admin admin() throws RunnelClientException.AlreadyClosedException {
        throwIfClosed();
        if (admin == null) {
            Properties p = baseProperties("admin", null);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, operationTimeoutMs));
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1000, operationTimeoutMs / 2)));
            admin = Admin.create(p);
        }
        return admin;
    }

    public void throwIfClosed() throws RunnelClientException.AlreadyClosedException {
        if (closed) {
            throw new RunnelClientException.AlreadyClosedException("the RunnelClient is closed");
        }
    }

    /** Registers an open producer, consumer or reader so that closing the client closes it. */
    public void register(AutoCloseable handle) throws RunnelClientException.AlreadyClosedException {
        throwIfClosed();
        handles.add(handle);
    }

    public void unregister(AutoCloseable handle) {
        handles.remove(handle);
    }

    /** Closes every open handle, then the admin client; the first failure is rethrown after all were tried. */
    @Override
    public void close() throws RunnelClientException {
        closed = true;
        RunnelClientException first = null;
        for (AutoCloseable h : List.copyOf(new ArrayList<>(handles))) {
            try {
                h.close();
            } catch (Exception e) {
                if (first == null) {
                    first = Futures.wrap(e, "closing " + h);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        handles.clear();
        synchronized (this) {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
        if (first != null) {
            throw first;
        }
        LOG.debug("runnel client {} closed", clientIdPrefix);
    }
}
