package io.runnel.client;

import io.runnel.client.internal.ClientContext;
import io.runnel.client.internal.ProducerImpl;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Configures and creates a {@link Producer}. Not thread-safe.
 *
 * @param <T> the value type
 */
public final class ProducerBuilder<T> {
    private final ClientContext context;
    private final Schema<T> schema;
    private String topic;
    private String producerName;
    private long sendTimeoutMs = 30_000;
    private long batchingMaxPublishDelayMs = 1;

    ProducerBuilder(ClientContext context, Schema<T> schema) {
        this.context = context;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The topic to publish to. Required. */
    public ProducerBuilder<T> topic(String topic) {
        this.topic = topic;
        return this;
    }

    /** A name for logs and broker metrics (the Kafka client.id). */
    public ProducerBuilder<T> producerName(String name) {
        this.producerName = name;
        return this;
    }

    /** How long a send may take before it fails (Kafka delivery.timeout.ms; default 30 s). */
    public ProducerBuilder<T> sendTimeout(long timeout, TimeUnit unit) {
        this.sendTimeoutMs = unit.toMillis(timeout);
        return this;
    }

    /** How long messages may wait to be batched together (Kafka linger.ms; default 1 ms). */
    public ProducerBuilder<T> batchingMaxPublishDelay(long delay, TimeUnit unit) {
        this.batchingMaxPublishDelayMs = unit.toMillis(delay);
        return this;
    }

    public Producer<T> create() throws RunnelClientException {
        if (topic == null || topic.isBlank()) {
            throw new RunnelClientException.InvalidConfigurationException("a producer needs a topic: .topic(name)");
        }
        if (sendTimeoutMs <= 0) {
            throw new RunnelClientException.InvalidConfigurationException("sendTimeout must be > 0");
        }
        if (batchingMaxPublishDelayMs < 0) {
            throw new RunnelClientException.InvalidConfigurationException("batchingMaxPublishDelay must be >= 0");
        }
        return ProducerImpl.create(context, schema, topic, producerName, sendTimeoutMs, batchingMaxPublishDelayMs);
    }
}
