package io.runnel.client;

import java.util.concurrent.TimeUnit;

/**
 * Receives the messages of a subscription. Thread-safe: receive and acknowledge may be called from any threads.
 * Acknowledgements are asynchronous (sent by the consumer's background thread); {@link #close()} flushes them.
 *
 * @param <T> the value type
 */
public interface Consumer<T> extends AutoCloseable {
    String getTopic();

    String getSubscription();

    /** Waits for the next message. */
    Message<T> receive() throws RunnelClientException;

    /** Waits at most {@code timeout} for the next message; null when none arrived in time. */
    Message<T> receive(int timeout, TimeUnit unit) throws RunnelClientException;

    /** Marks one message processed: it is never delivered to this subscription again. */
    void acknowledge(Message<?> message) throws RunnelClientException;

    void acknowledge(MessageId messageId) throws RunnelClientException;

    /**
     * Marks every message of the message's partition up to and including it processed. Exclusive and Failover only.
     *
     * @throws RunnelClientException.NotSupportedException on Shared and KeyShared subscriptions
     */
    void acknowledgeCumulative(Message<?> message) throws RunnelClientException;

    void acknowledgeCumulative(MessageId messageId) throws RunnelClientException;

    /**
     * Asks for the message to be delivered again after the negative-ack redelivery delay (or to the dead-letter
     * topic once its redeliveries are used up).
     */
    void negativeAcknowledge(Message<?> message) throws RunnelClientException;

    void negativeAcknowledge(MessageId messageId) throws RunnelClientException;

    /** Closes this consumer and deletes the subscription (fails if other consumers are still connected). */
    void unsubscribe() throws RunnelClientException;

    /** Flushes acknowledgements and leaves the subscription. Unacknowledged messages are delivered again later.
     * Idempotent. */
    @Override
    void close() throws RunnelClientException;
}
