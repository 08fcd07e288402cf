package io.runnel.broker.api;

import io.runnel.broker.security.Authorizer;
import io.runnel.broker.security.NameMapper;
import io.runnel.common.Time;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Everything a handler knows about one request besides its body: header, connection, principal, and the broker
 * services every handler needs (clock, I/O executor, authorizer, name mapper). Immutable; safe to pass to other
 * threads.
 *
 * <p>{@link #ioExecutor()} is where a handler runs work that touches disk or may wait; the event loop that
 * called {@link ApiHandler#handle} must never block.
 */
public final class RequestContext {
    /** The resource name Kafka uses for cluster-level authorization. */
    public static final String CLUSTER_RESOURCE = "kafka-cluster";

    private final RequestHeader header;
    private final String connectionId;
    private final String listenerName;
    private final InetAddress clientAddress;
    private final KafkaPrincipal principal;
    private final Time time;
    private final Executor ioExecutor;
    private final Authorizer authorizer;
    private final NameMapper names;

    public RequestContext(RequestHeader header, String connectionId, String listenerName, InetAddress clientAddress,
            KafkaPrincipal principal, Time time, Executor ioExecutor, Authorizer authorizer, NameMapper names) {
        this.header = header;
        this.connectionId = connectionId;
        this.listenerName = listenerName;
        this.clientAddress = clientAddress;
        this.principal = principal;
        this.time = time;
        this.ioExecutor = ioExecutor;
        this.authorizer = authorizer;
        this.names = names;
    }

    public RequestHeader header() {
        return header;
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }

    public int correlationId() {
        return header.correlationId();
    }

    /** Unique per connection for the broker's lifetime, e.g. {@code 127.0.0.1:9092-127.0.0.1:53412-7}. */
    public String connectionId() {
        return connectionId;
    }

    public String listenerName() {
        return listenerName;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** {@link KafkaPrincipal#ANONYMOUS} on PLAINTEXT listeners. */
    public KafkaPrincipal principal() {
        return principal;
    }

    public Time time() {
        return time;
    }

    /** Runs work that does disk I/O or waits; never the event loop. */
    public Executor ioExecutor() {
        return ioExecutor;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public NameMapper names() {
        return names;
    }

    /** Shorthand for {@code authorizer().authorize(this, ...)}. */
    public boolean authorize(AclOperation operation, ResourceType resourceType, String resourceName) {
        return authorizer.authorize(this, operation, resourceType, resourceName);
    }

    /** Shorthand for mapping a client-supplied name to its stored name. */
    public String toInternal(ResourceType type, String clientName) {
        return names.toInternal(this, type, clientName);
    }

    /** Shorthand for mapping a stored name to what this client sees (empty: hidden from it). */
    public Optional<String> toClient(ResourceType type, String internalName) {
        return names.toClient(this, type, internalName);
    }

    @Override
    public String toString() {
        return header.apiKey() + " v" + header.apiVersion() + " correlation " + header.correlationId()
                + " from " + connectionId + " (client " + header.clientId() + ", " + principal + ")";
    }
}
