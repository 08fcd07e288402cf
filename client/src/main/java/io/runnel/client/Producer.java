package io.runnel.client;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages to one topic. Thread-safe: any thread may send.
 *
 * @param <T> the value type
 */
public interface Producer<T> extends AutoCloseable {
    String getTopic();

    /** Sends {@code value} (no key) and waits until the broker stored it (acks=all). */
    MessageId send(T value) throws RunnelClientException;

    /** Sends {@code value}; the future completes with the message id once stored, or exceptionally with a
     * {@link RunnelClientException}. */
    CompletableFuture<MessageId> sendAsync(T value);

    /** A message with key, properties, event time or delivery delay. */
    TypedMessageBuilder<T> newMessage();

    /** Waits until every message sent so far is stored or failed. */
    void flush() throws RunnelClientException;

    /** Sends what is pending, then releases the connection. Idempotent. */
    @Override
    void close() throws RunnelClientException;
}
