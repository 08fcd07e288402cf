package io.runnel.client.internal;

import io.runnel.client.MessageHeaders;
import io.runnel.client.MessageId;
import io.runnel.client.Producer;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.TypedMessageBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link Producer} over one idempotent {@link KafkaProducer} (acks=all). Thread-safe, as KafkaProducer is.
 */
public final class ProducerImpl<T> implements Producer<T> {
    private final ClientContext context;
    private final Schema<T> schema;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    private ProducerImpl(ClientContext context, Schema<T> schema, String topic, KafkaProducer<byte[], byte[]> producer) {
        this.context = context;
        this.schema = schema;
        this.topic = topic;
        this.producer = producer;
    }

    public static <T> Producer<T> create(ClientContext context, Schema<T> schema, String topic, String producerName,
            long sendTimeoutMs, long lingerMs) throws RunnelClientException {
        context.throwIfClosed();
        Properties p = context.baseProperties("producer", producerName);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, lingerMs));
        // delivery.timeout.ms must cover linger + request timeout: shrink the request timeout with short send timeouts.
        int requestTimeoutMs = (int) Math.min(30_000, Math.max(1, sendTimeoutMs - lingerMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, sendTimeoutMs));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeoutMs);
        ProducerImpl<T> impl = new ProducerImpl<>(context, schema, topic,
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
        context.register(impl);
        return impl;
    }

    @Override
    public String getTopic() {
        return topic;
    }

    @Override
    public MessageId send(T value) throws RunnelClientException {
        return newMessage().value(value).send();
    }

    @Override
    public CompletableFuture<MessageId> sendAsync(T value) {
        return newMessage().value(value).sendAsync();
    }

    @Override
    public TypedMessageBuilder<T> newMessage() {
        return new MessageBuilder();
    }

    private CompletableFuture<MessageId> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<MessageId> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new RunnelClientException.AlreadyClosedException(
                    "producer for " + topic + " is closed"));
            return result;
        }
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(Futures.wrap(error, "send to " + topic));
                } else {
                    result.complete(MessageId.of(metadata.topic(), metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) { // serialization, buffer-full timeout, closed producer
            result.completeExceptionally(Futures.wrap(e, "send to " + topic));
        }
        return result;
    }

    @Override
    public void flush() throws RunnelClientException {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw Futures.wrap(e, "flush of " + topic);
        }
    }

    @Override
    public void close() throws RunnelClientException {
        if (closed) {
            return;
        }
        closed = true;
        context.unregister(this);
        try {
            producer.close();
        } catch (RuntimeException e) {
            throw Futures.wrap(e, "closing producer for " + topic);
        }
    }

    @Override
    public String toString() {
        return "Producer{" + topic + "}";
    }

    /** One message; confined to the thread that builds it. */
    private final class MessageBuilder implements TypedMessageBuilder<T> {
        private String key;
        private T value;
        private final List<Header> headers = new ArrayList<>();
        private long deliverAtMs = -1;

        @Override
        public TypedMessageBuilder<T> key(String k) {
            this.key = k;
            return this;
        }

        @Override
        public TypedMessageBuilder<T> value(T v) {
            this.value = v;
            return this;
        }

        @Override
        public TypedMessageBuilder<T> property(String name, String v) {
            Objects.requireNonNull(name, "name");
            headers.add(new RecordHeader(name, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        @Override
        public TypedMessageBuilder<T> properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        @Override
        public TypedMessageBuilder<T> eventTime(long timestampMs) {
            if (timestampMs <= 0) {
                throw new IllegalArgumentException("eventTime must be > 0: " + timestampMs);
            }
            return property(MessageHeaders.EVENT_TIME, Long.toString(timestampMs));
        }

        @Override
        public TypedMessageBuilder<T> deliverAfter(long delay, TimeUnit unit) {
            if (delay < 0) {
                throw new IllegalArgumentException("deliverAfter delay must be >= 0: " + delay);
            }
            this.deliverAtMs = System.currentTimeMillis() + unit.toMillis(delay);
            return this;
        }

        @Override
        public TypedMessageBuilder<T> deliverAt(long timestampMs) {
            if (timestampMs < 0) {
                throw new IllegalArgumentException("deliverAt must be >= 0: " + timestampMs);
            }
            this.deliverAtMs = timestampMs;
            return this;
        }

        @Override
        public MessageId send() throws RunnelClientException {
            return Futures.await(sendAsync(), "send to " + topic);
        }

        @Override
        public CompletableFuture<MessageId> sendAsync() {
            List<Header> all = new ArrayList<>(headers);
            if (deliverAtMs >= 0) {
                all.add(new RecordHeader(MessageHeaders.DELIVER_AT,
                        Long.toString(deliverAtMs).getBytes(StandardCharsets.UTF_8)));
            }
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes;
            try {
                valueBytes = value == null ? null : schema.encode(value);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(Futures.wrap(e, "encoding a value for " + topic));
            }
            return ProducerImpl.this.send(new ProducerRecord<>(topic, null, null, keyBytes, valueBytes, all));
        }
    }
}
