package io.runnel.client;

import java.util.Map;

/**
 * A received message. Immutable; the value is decoded with the consumer's schema on first access.
 *
 * @param <T> the value type
 */
public interface Message<T> {
    /** The decoded value (null when the record value was null). */
    T getValue();

    /** The raw value bytes (null when the record value was null). */
    byte[] getData();

    /** The key, or null. Keys are UTF-8 strings. */
    String getKey();

    default boolean hasKey() {
        return getKey() != null;
    }

    /** The properties (record headers, values as UTF-8), in header order; the last header of a name wins. */
    Map<String, String> getProperties();

    default String getProperty(String name) {
        return getProperties().get(name);
    }

    /** Where the message is: topic, partition, offset. */
    MessageId getMessageId();

    String getTopicName();

    /** The record timestamp (set by the producer at send, or by the broker for LogAppendTime topics), epoch ms. */
    long getPublishTime();

    /** The event time the producer set with {@code eventTime(..)}, or 0 when none. */
    long getEventTime();

    /** How many times this message was delivered before this delivery (0 on the first delivery). */
    int getRedeliveryCount();
}
