package io.runnel.client;

import io.runnel.client.internal.ClientContext;
import io.runnel.client.internal.ReaderImpl;
import java.util.Objects;

/**
 * Configures and creates a {@link Reader}. Not thread-safe.
 *
 * @param <T> the value type
 */
public final class ReaderBuilder<T> {
    private final ClientContext context;
    private final Schema<T> schema;
    private String topic;
    private MessageId startMessageId;
    private boolean startMessageIdInclusive;
    private String readerName;

    ReaderBuilder(ClientContext context, Schema<T> schema) {
        this.context = context;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Required. */
    public ReaderBuilder<T> topic(String name) {
        this.topic = name;
        return this;
    }

    /**
     * Where to start. Required: {@link MessageId#earliest}, {@link MessageId#latest}, or a message id (its
     * partition continues after it, or at it with {@link #startMessageIdInclusive()}; the topic's other partitions
     * are read from their beginning).
     */
    public ReaderBuilder<T> startMessageId(MessageId id) {
        this.startMessageId = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Read the start message itself too (and seek(MessageId) lands on the message, not after it). */
    public ReaderBuilder<T> startMessageIdInclusive() {
        this.startMessageIdInclusive = true;
        return this;
    }

    /** A name for logs (part of the Kafka client.id). */
    public ReaderBuilder<T> readerName(String name) {
        this.readerName = name;
        return this;
    }

    public Reader<T> create() throws RunnelClientException {
        if (topic == null || topic.isBlank()) {
            throw new RunnelClientException.InvalidConfigurationException("a reader needs a topic: .topic(name)");
        }
        if (startMessageId == null) {
            throw new RunnelClientException.InvalidConfigurationException(
                    "a reader needs a start: .startMessageId(MessageId.earliest | MessageId.latest | id)");
        }
        if (startMessageId.isPosition() && !startMessageId.topic().equals(topic)) {
            throw new RunnelClientException.InvalidConfigurationException("start message id " + startMessageId
                    + " is not of topic " + topic);
        }
        return ReaderImpl.create(context, schema, topic, startMessageId, startMessageIdInclusive, readerName);
    }
}
