package io.runnel.client;

import java.util.concurrent.TimeUnit;

/**
 * Reads a topic from a chosen position without a subscription: no group, no acknowledgements, nothing stored on
 * the broker. Not thread-safe: use a reader from one thread at a time.
 *
 * @param <T> the value type
 */
public interface Reader<T> extends AutoCloseable {
    String getTopic();

    /** Waits for the next message. */
    Message<T> readNext() throws RunnelClientException;

    /** Waits at most {@code timeout}; null when no message arrived in time. */
    Message<T> readNext(int timeout, TimeUnit unit) throws RunnelClientException;

    /** True if a message is available now, i.e. the reader is behind the end of some partition. */
    boolean hasMessageAvailable() throws RunnelClientException;

    /** Moves every partition to its first message published at or after {@code timestampMs} (end if none). */
    void seek(long timestampMs) throws RunnelClientException;

    /**
     * Moves to a message id: {@link MessageId#earliest}, {@link MessageId#latest}, or a position (its partition
     * continues at that message; other partitions are not moved).
     */
    void seek(MessageId messageId) throws RunnelClientException;

    @Override
    void close() throws RunnelClientException;
}
