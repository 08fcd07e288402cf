package io.runnel.client;

import io.runnel.client.internal.ClientContext;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the Runnel client: a Pulsar-style API (producers, subscriptions, readers) over the Kafka
 * protocol, for Runnel or any Kafka-protocol cluster (Shared/KeyShared need share groups, KIP-932).
 *
 * <pre>
 * try (RunnelClient client = RunnelClient.builder().serviceUrl("runnel://localhost:9092").build();
 *      Producer&lt;String&gt; producer = client.newProducer(Schema.STRING).topic("my-topic").create()) {
 *     producer.send("hello");
 * }
 * </pre>
 *
 * Thread-safe. Closing the client closes every producer, consumer and reader it created.
 */
public final class RunnelClient implements AutoCloseable {
    private final ClientContext context;
    private final ServiceUrl serviceUrl;

    private RunnelClient(ServiceUrl serviceUrl, long operationTimeoutMs) {
        this.serviceUrl = serviceUrl;
        this.context = new ClientContext(serviceUrl.bootstrapServers(), operationTimeoutMs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ServiceUrl serviceUrl() {
        return serviceUrl;
    }

    public <T> ProducerBuilder<T> newProducer(Schema<T> schema) {
        return new ProducerBuilder<>(context, schema);
    }

    public <T> ConsumerBuilder<T> newConsumer(Schema<T> schema) {
        return new ConsumerBuilder<>(context, schema);
    }

    public <T> ReaderBuilder<T> newReader(Schema<T> schema) {
        return new ReaderBuilder<>(context, schema);
    }

    /** Closes every producer, consumer and reader of this client. Idempotent. */
    @Override
    public void close() throws RunnelClientException {
        context.close();
    }

    /** Not thread-safe. */
    public static final class Builder {
        private String serviceUrl;
        private long operationTimeoutMs = 30_000;

        private Builder() {
        }

        /** {@code runnel://host:port[,host:port...]} (port defaults to 9092). Required. */
        public Builder serviceUrl(String url) {
            this.serviceUrl = url;
            return this;
        }

        /** Bound of blocking operations such as subscribe, seek and admin calls (default 30 s). */
        public Builder operationTimeout(long timeout, TimeUnit unit) {
            if (timeout <= 0) {
                throw new IllegalArgumentException("operationTimeout must be > 0: " + timeout);
            }
            this.operationTimeoutMs = unit.toMillis(timeout);
            return this;
        }

        /**
         * @throws RunnelClientException.InvalidConfigurationException if the service URL is missing or malformed
         */
        public RunnelClient build() throws RunnelClientException {
            if (serviceUrl == null) {
                throw new RunnelClientException.InvalidConfigurationException(
                        "serviceUrl is required, e.g. runnel://localhost:9092");
            }
            return new RunnelClient(ServiceUrl.parse(serviceUrl), operationTimeoutMs);
        }
    }
}
