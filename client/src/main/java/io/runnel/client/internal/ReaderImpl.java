package io.runnel.client.internal;

import io.runnel.client.Message;
import io.runnel.client.MessageId;
import io.runnel.client.Reader;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link Reader}: a group-less KafkaConsumer assigned every partition of the topic (as it was when the reader
 * was created), positioned with seek / ListOffsets. Records returned by poll wait in {@link #buffer} until read;
 * a seek puts the partitions it does not move back to their first unread record, so nothing is skipped.
 *
 * <p>Thread-safe by confinement: every method is synchronized (the KafkaConsumer allows one thread at a time).
 */
public final class ReaderImpl<T> implements Reader<T> {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final ClientContext context;
    private final Schema<T> schema;
    private final String topic;
    private final boolean inclusive;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    private boolean closed;

    private ReaderImpl(ClientContext context, Schema<T> schema, String topic, boolean inclusive,
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        this.context = context;
        this.schema = schema;
        this.topic = topic;
        this.inclusive = inclusive;
        this.consumer = consumer;
        this.partitions = partitions;
    }

    public static <T> Reader<T> create(ClientContext context, Schema<T> schema, String topic, MessageId start,
            boolean inclusive, String readerName) throws RunnelClientException {
        context.throwIfClosed();
        Properties p = context.baseProperties("reader", readerName);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(context.operationTimeoutMs()));
            if (infos == null || infos.isEmpty()) {
                throw new RunnelClientException.InvalidConfigurationException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
            consumer.assign(partitions);
            ReaderImpl<T> reader = new ReaderImpl<>(context, schema, topic, inclusive, consumer, partitions);
            reader.seekTo(start);
            context.register(reader);
            return reader;
        } catch (RunnelClientException | RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e instanceof RunnelClientException r ? r : Futures.wrap(e, "creating reader of " + topic);
        }
    }

    @Override
    public String getTopic() {
        return topic;
    }

    @Override
    public synchronized Message<T> readNext() throws RunnelClientException {
        while (true) {
            Message<T> m = readNext((int) POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) {
                return m;
            }
        }
    }

    @Override
    public synchronized Message<T> readNext(int timeout, TimeUnit unit) throws RunnelClientException {
        throwIfClosed();
        long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (buffer.isEmpty()) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (remainingMs <= 0) {
                return null;
            }
            try {
                consumer.poll(Duration.ofMillis(Math.min(remainingMs, POLL_TIMEOUT.toMillis()))).forEach(buffer::add);
            } catch (RuntimeException e) {
                throw Futures.wrap(e, "reading " + topic);
            }
        }
        return new ReceivedMessage<>(buffer.poll(), schema, 0);
    }

    @Override
    public synchronized boolean hasMessageAvailable() throws RunnelClientException {
        throwIfClosed();
        if (!buffer.isEmpty()) {
            return true;
        }
        try {
            Duration timeout = Duration.ofMillis(context.operationTimeoutMs());
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp, timeout) < ends.get(tp)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            throw Futures.wrap(e, "checking for messages on " + topic);
        }
    }

    @Override
    public synchronized void seek(long timestampMs) throws RunnelClientException {
        throwIfClosed();
        buffer.clear(); // every partition moves
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, timestampMs));
        try {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query,
                    Duration.ofMillis(context.operationTimeoutMs()));
            List<TopicPartition> toEnd = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    toEnd.add(tp); // nothing at or after the time: only future messages
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            if (!toEnd.isEmpty()) {
                consumer.seekToEnd(toEnd);
            }
        } catch (RuntimeException e) {
            throw Futures.wrap(e, "seeking " + topic + " to time " + timestampMs);
        }
    }

    @Override
    public synchronized void seek(MessageId messageId) throws RunnelClientException {
        throwIfClosed();
        if (messageId.isPosition() && !messageId.topic().equals(topic)) {
            throw new RunnelClientException.InvalidConfigurationException("message id " + messageId
                    + " is not of topic " + topic);
        }
        seekTo(messageId);
    }

    private void seekTo(MessageId id) throws RunnelClientException {
        try {
            if (id.isEarliest()) {
                buffer.clear();
                consumer.seekToBeginning(partitions);
            } else if (id.isLatest()) {
                buffer.clear();
                consumer.seekToEnd(partitions);
            } else {
                TopicPartition target = new TopicPartition(id.topic(), id.partition());
                if (!partitions.contains(target)) {
                    throw new RunnelClientException.InvalidConfigurationException("topic " + topic
                            + " has no partition " + id.partition());
                }
                rewindBufferedExcept(target);
                consumer.seek(target, inclusive ? id.offset() : id.offset() + 1);
            }
        } catch (RuntimeException e) {
            throw Futures.wrap(e, "seeking " + topic + " to " + id);
        }
    }

    /** Empties the buffer, moving each partition but {@code except} back to its first unread buffered record. */
    private void rewindBufferedExcept(TopicPartition except) {
        Map<TopicPartition, Long> firstUnread = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : buffer) {
            firstUnread.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        buffer.clear();
        firstUnread.forEach((tp, offset) -> {
            if (!tp.equals(except)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private void throwIfClosed() throws RunnelClientException.AlreadyClosedException {
        if (closed) {
            throw new RunnelClientException.AlreadyClosedException("reader of " + topic + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.unregister(this);
        buffer.clear();
        consumer.close(CloseOptions.timeout(Duration.ofMillis(context.operationTimeoutMs())));
    }

    @Override
    public String toString() {
        return "Reader{" + topic + "}";
    }
}
