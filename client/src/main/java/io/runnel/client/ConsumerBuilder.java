package io.runnel.client;

import io.runnel.client.internal.ClientContext;
import io.runnel.client.internal.ConsumerSettings;
import io.runnel.client.internal.GroupConsumerImpl;
import io.runnel.client.internal.ShareConsumerImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Configures a subscription and subscribes a {@link Consumer} to it. Not thread-safe.
 *
 * <p>The subscription name is the Kafka group id (a consumer group for Exclusive and Failover, a share group for
 * Shared and KeyShared), so it is cluster-wide: give each topic's subscription its own name.
 *
 * @param <T> the value type
 */
public final class ConsumerBuilder<T> {
    private final ClientContext context;
    private final Schema<T> schema;
    private final List<String> topics = new ArrayList<>();
    private String subscription;
    private SubscriptionType type = SubscriptionType.Exclusive;
    private SubscriptionMode mode = SubscriptionMode.Durable;
    private SubscriptionInitialPosition initialPosition = SubscriptionInitialPosition.Latest;
    private DeadLetterPolicy deadLetterPolicy;
    private long negativeAckDelayMs = 60_000;
    private long ackTimeoutMs;
    private int receiverQueueSize = 1000;
    private String consumerName;

    ConsumerBuilder(ClientContext context, Schema<T> schema) {
        this.context = context;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The topic(s) to subscribe to. Required. */
    public ConsumerBuilder<T> topic(String... names) {
        topics.addAll(List.of(names));
        return this;
    }

    /** The subscription (Kafka group id). Required. */
    public ConsumerBuilder<T> subscriptionName(String name) {
        this.subscription = name;
        return this;
    }

    /** Default Exclusive. */
    public ConsumerBuilder<T> subscriptionType(SubscriptionType subscriptionType) {
        this.type = Objects.requireNonNull(subscriptionType, "subscriptionType");
        return this;
    }

    /** Default Durable. */
    public ConsumerBuilder<T> subscriptionMode(SubscriptionMode subscriptionMode) {
        this.mode = Objects.requireNonNull(subscriptionMode, "subscriptionMode");
        return this;
    }

    /** Where a new subscription starts (default Latest). */
    public ConsumerBuilder<T> subscriptionInitialPosition(SubscriptionInitialPosition position) {
        this.initialPosition = Objects.requireNonNull(position, "position");
        return this;
    }

    /** Sends messages that used up their redeliveries to a dead-letter topic (default: none, redeliver forever). */
    public ConsumerBuilder<T> deadLetterPolicy(DeadLetterPolicy policy) {
        this.deadLetterPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** How long after a negative acknowledgement the message is delivered again (default 1 min). */
    public ConsumerBuilder<T> negativeAckRedeliveryDelay(long delay, TimeUnit unit) {
        this.negativeAckDelayMs = unit.toMillis(delay);
        return this;
    }

    /**
     * A received message not acknowledged within this time is delivered again, as if negatively acknowledged
     * without delay (default 0 = off; at least 1 s otherwise).
     */
    public ConsumerBuilder<T> ackTimeout(long timeout, TimeUnit unit) {
        this.ackTimeoutMs = unit.toMillis(timeout);
        return this;
    }

    /** Messages buffered ahead of receive() (default 1000); for Shared also the records acquired per fetch. */
    public ConsumerBuilder<T> receiverQueueSize(int size) {
        this.receiverQueueSize = size;
        return this;
    }

    /** A name for logs and group descriptions (part of the Kafka client.id). */
    public ConsumerBuilder<T> consumerName(String name) {
        this.consumerName = name;
        return this;
    }

    /**
     * Joins the subscription. For Exclusive, returns only once this consumer owns the subscription.
     *
     * @throws RunnelClientException.ConsumerBusyException if an Exclusive subscription already has a consumer
     * @throws RunnelClientException.InvalidConfigurationException for a missing topic or name or a bad option
     */
    public Consumer<T> subscribe() throws RunnelClientException {
        ConsumerSettings settings = validate();
        return type.isShared() ? ShareConsumerImpl.subscribe(context, schema, settings)
                : GroupConsumerImpl.subscribe(context, schema, settings);
    }

    private ConsumerSettings validate() throws RunnelClientException.InvalidConfigurationException {
        if (topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw invalid("a consumer needs a topic: .topic(name)");
        }
        if (subscription == null || subscription.isBlank()) {
            throw invalid("a consumer needs a subscription: .subscriptionName(name)");
        }
        if (negativeAckDelayMs < 0) {
            throw invalid("negativeAckRedeliveryDelay must be >= 0");
        }
        if (ackTimeoutMs != 0 && ackTimeoutMs < 1000) {
            throw invalid("ackTimeout must be 0 (off) or at least 1 s, was " + ackTimeoutMs + " ms");
        }
        if (receiverQueueSize < 1) {
            throw invalid("receiverQueueSize must be >= 1");
        }
        return new ConsumerSettings(List.copyOf(topics), subscription, type, mode, initialPosition, deadLetterPolicy,
                negativeAckDelayMs, ackTimeoutMs, receiverQueueSize, consumerName);
    }

    private static RunnelClientException.InvalidConfigurationException invalid(String message) {
        return new RunnelClientException.InvalidConfigurationException(message);
    }
}
