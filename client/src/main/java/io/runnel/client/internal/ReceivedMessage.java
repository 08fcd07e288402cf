package io.runnel.client.internal;

import io.runnel.client.Message;
import io.runnel.client.MessageHeaders;
import io.runnel.client.MessageId;
import io.runnel.client.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A {@link Message} over a fetched record. Immutable apart from the lazily decoded value (a benign race: decoding
 * twice yields equal values).
 */
public final class ReceivedMessage<T> implements Message<T> {
    private final ConsumerRecord<byte[], byte[]> record;
    private final Schema<T> schema;
    private final MessageId id;
    private final int redeliveryCount;
    private volatile Map<String, String> properties;
    private volatile T value;
    private volatile long receivedAtMs;

    public ReceivedMessage(ConsumerRecord<byte[], byte[]> record, Schema<T> schema, int redeliveryCount) {
        this.record = record;
        this.schema = schema;
        this.id = MessageId.of(record.topic(), record.partition(), record.offset());
        this.redeliveryCount = redeliveryCount;
    }

    /** The same record delivered once more. */
    public ReceivedMessage<T> redelivered() {
        return new ReceivedMessage<>(record, schema, redeliveryCount + 1);
    }

    /** Called by receive(): the application has the message from now on (ack timeouts count from here). */
    void markReceived(long nowMs) {
        receivedAtMs = nowMs;
    }

    /** When receive() handed the message out, epoch ms; 0 while still queued. */
    long receivedAtMs() {
        return receivedAtMs;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    @Override
    public T getValue() {
        T v = value;
        if (v == null && record.value() != null) {
            v = schema.decode(record.value());
            value = v;
        }
        return v;
    }

    @Override
    public byte[] getData() {
        return record.value();
    }

    @Override
    public String getKey() {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = properties;
        if (p == null) {
            Map<String, String> m = new LinkedHashMap<>();
            for (Header h : record.headers()) {
                m.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            p = Collections.unmodifiableMap(m);
            properties = p;
        }
        return p;
    }

    @Override
    public MessageId getMessageId() {
        return id;
    }

    @Override
    public String getTopicName() {
        return record.topic();
    }

    @Override
    public long getPublishTime() {
        return record.timestamp();
    }

    @Override
    public long getEventTime() {
        String t = getProperty(MessageHeaders.EVENT_TIME);
        if (t == null) {
            return 0;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return 0; // written by some other client: not an event time of ours
        }
    }

    @Override
    public int getRedeliveryCount() {
        return redeliveryCount;
    }

    @Override
    public String toString() {
        return "Message{" + id + ", key=" + getKey() + ", redeliveryCount=" + redeliveryCount + "}";
    }
}
