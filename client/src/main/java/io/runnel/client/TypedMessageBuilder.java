package io.runnel.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One message to send. Not thread-safe: build and send it on one thread.
 *
 * @param <T> the value type
 */
public interface TypedMessageBuilder<T> {
    /** The key: Kafka partitions by it, and KeyShared subscriptions keep one key on one consumer at a time. */
    TypedMessageBuilder<T> key(String key);

    TypedMessageBuilder<T> value(T value);

    /** A property, sent as a record header (UTF-8 value). */
    TypedMessageBuilder<T> property(String name, String value);

    TypedMessageBuilder<T> properties(Map<String, String> properties);

    /** The event time (epoch ms), carried in the {@link MessageHeaders#EVENT_TIME} header. */
    TypedMessageBuilder<T> eventTime(long timestampMs);

    /**
     * Delayed delivery: Shared and KeyShared subscriptions receive the message no earlier than {@code delay} after
     * it is sent (header {@link MessageHeaders#DELIVER_AT} = this client's clock + delay). Exclusive, Failover and
     * readers see it at once, as in Pulsar.
     */
    TypedMessageBuilder<T> deliverAfter(long delay, TimeUnit unit);

    /** Delayed delivery until the given epoch ms (see {@link #deliverAfter}). */
    TypedMessageBuilder<T> deliverAt(long timestampMs);

    MessageId send() throws RunnelClientException;

    CompletableFuture<MessageId> sendAsync();
}
