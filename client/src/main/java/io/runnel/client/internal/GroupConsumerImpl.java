package io.runnel.client.internal;

import io.runnel.client.Consumer;
import io.runnel.client.MessageHeaders;
import io.runnel.client.MessageId;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionMode;
import io.runnel.client.SubscriptionType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive and Failover subscriptions over a Kafka consumer group (group id = subscription name).
 *
 * <ul>
 *   <li>Exclusive: classic protocol with an {@link ExclusiveAssignor} whose protocol name only this consumer
 *       offers, so the coordinator refuses any second member (INCONSISTENT_GROUP_PROTOCOL).</li>
 *   <li>Failover: the consumer protocol (KIP-848); each partition has one owner, the other members stand by and
 *       receive the partitions of a member that leaves or fails.</li>
 *   <li>Acknowledgements go through an {@link OffsetTracker}: the committed offset of a partition is its lowest
 *       unacknowledged offset and the commit metadata lists the acknowledged messages above it, so the next owner
 *       of the partition delivers exactly the unacknowledged messages again.</li>
 *   <li>Negative acks and ack timeouts redeliver locally after the delay; with a dead-letter policy, a message
 *       negatively acknowledged on its last allowed delivery is produced to the dead-letter topic (with context
 *       headers) and acknowledged once that write is stored. Redelivery counts live in this consumer's memory.</li>
 *   <li>NonDurable: never commits, and deletes the group when its last member closes.</li>
 * </ul>
 * {@code subscribe()} returns once the consumer is a member of the group (or fails with why it could not join).
 *
 * <p>Threads: the poll thread owns {@link #consumer}, {@link #tracker}, {@link #redeliveries}, {@link #scheduled}
 * and {@link #dlqProducer}; application threads use the queues of {@link AbstractConsumer}.
 */
public final class GroupConsumerImpl<T> extends AbstractConsumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(GroupConsumerImpl.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    private static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(2);
    private static final int EXCLUSIVE_SESSION_TIMEOUT_MS = 10_000;

    private final Properties consumerProperties;
    private final String clientId;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final OffsetTracker<ReceivedMessage<T>> tracker = new OffsetTracker<>();
    private final PriorityQueue<Redelivery> redeliveries = new PriorityQueue<>();
    private final Set<MessageId> scheduled = new HashSet<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<MessageId> dlqFailed =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private KafkaProducer<byte[], byte[]> dlqProducer;
    private long nextAckTimeoutScanMs;

    private record Redelivery(long dueMs, MessageId id) implements Comparable<Redelivery> {
        @Override
        public int compareTo(Redelivery o) {
            return Long.compare(dueMs, o.dueMs);
        }
    }

    private GroupConsumerImpl(ClientContext context, Schema<T> schema, ConsumerSettings settings) {
        super(context, schema, settings);
        this.consumerProperties = consumerProperties(context, settings);
        this.clientId = consumerProperties.getProperty(ConsumerConfig.CLIENT_ID_CONFIG);
    }

    public static <T> Consumer<T> subscribe(ClientContext context, Schema<T> schema, ConsumerSettings settings)
            throws RunnelClientException {
        context.throwIfClosed();
        GroupConsumerImpl<T> c = new GroupConsumerImpl<>(context, schema, settings);
        context.register(c);
        c.start();
        c.awaitJoined();
        return c;
    }

    private static Properties consumerProperties(ClientContext context, ConsumerSettings s) {
        Properties p = context.baseProperties("consumer", s.consumerName());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.subscription());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                s.initialPosition() == SubscriptionInitialPosition.Earliest ? "earliest" : "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, s.receiverQueueSize()));
        if (s.type() == SubscriptionType.Exclusive) {
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ExclusiveAssignor.class.getName());
            // A crashed owner holds the subscription until its session expires: keep that short.
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, EXCLUSIVE_SESSION_TIMEOUT_MS);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, EXCLUSIVE_SESSION_TIMEOUT_MS / 5);
        } else {
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        }
        return p;
    }

    @Override
    void wakeUpPollThread() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    void pollLoop() throws Exception {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer = c;
        try {
            c.subscribe(settings.topics(), new Listener());
            while (!closing) {
                long nowMs = System.currentTimeMillis();
                handleCommands(nowMs);
                redeliverDue(nowMs);
                checkAckTimeouts(nowMs);
                commitAsync();
                Duration pollTimeout = applyBackPressure();
                try {
                    deliver(c.poll(pollTimeout));
                    if (!joined.isDone() && c.groupMetadata().generationId() > 0) {
                        joined.complete(null); // a member (a standby has no partitions, so no assignment callback)
                    }
                } catch (WakeupException e) {
                    if (!closing) {
                        throw e;
                    }
                } catch (InconsistentGroupProtocolException e) {
                    throw new RunnelClientException.ConsumerBusyException("subscription '" + settings.subscription()
                            + "' already has a consumer: an " + settings.type() + " subscription admits one "
                            + "(or the subscription is in use with another subscription type)", e);
                } catch (GroupIdNotFoundException e) {
                    if (joined.isDone()) {
                        throw e;
                    }
                    // KIP-848 heartbeat into a classic group that has members (an Exclusive subscription)
                    throw new RunnelClientException.ConsumerBusyException("subscription '" + settings.subscription()
                            + "' is in use with another subscription type: " + e.getMessage(), e);
                }
            }
            if (dlqProducer != null) {
                dlqProducer.flush(); // their acks are commands: drain them before the last commit
            }
            handleCommands(System.currentTimeMillis());
            commitSync();
        } finally {
            closeClients(c);
        }
        if (settings.mode() == SubscriptionMode.NonDurable) {
            deleteSubscription(false);
        }
    }

    private void closeClients(KafkaConsumer<byte[], byte[]> c) {
        try {
            c.close(CloseOptions.timeout(Duration.ofMillis(context.operationTimeoutMs())));
        } finally {
            if (dlqProducer != null) {
                dlqProducer.close(Duration.ofMillis(context.operationTimeoutMs()));
            }
        }
    }

    private void deliver(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (tracker.acknowledgedBefore(tp, r.offset())) {
                tracker.skipped(tp, r.offset()); // acknowledged through an earlier consumer's commit metadata
                continue;
            }
            ReceivedMessage<T> m = new ReceivedMessage<>(r, schema, 0);
            if (tracker.delivered(tp, r.offset(), m)) {
                incoming.add(m);
            }
        }
    }

    /** Pauses fetching while the receive queue is full; returns how long the next poll may wait. */
    private Duration applyBackPressure() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (incoming.size() >= settings.receiverQueueSize()) {
            consumer.pause(assigned);
            return PAUSED_POLL_TIMEOUT; // the application drains the queue meanwhile: look again soon
        }
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        return POLL_TIMEOUT;
    }

    private void handleCommands(long nowMs) {
        MessageId failed;
        while ((failed = dlqFailed.poll()) != null) {
            scheduled.remove(failed);
            scheduleRedelivery(failed, nowMs + settings.negativeAckDelayMs());
        }
        Command cmd;
        while ((cmd = commands.poll()) != null) {
            TopicPartition tp = new TopicPartition(cmd.id().topic(), cmd.id().partition());
            switch (cmd.kind()) {
                case ACK -> {
                    tracker.acknowledge(tp, cmd.id().offset());
                    scheduled.remove(cmd.id());
                }
                case ACK_CUMULATIVE -> tracker.acknowledgeCumulative(tp, cmd.id().offset());
                case NACK -> negativeAcknowledged(tp, cmd.id(), nowMs + settings.negativeAckDelayMs());
                default -> throw new IllegalStateException("unknown command " + cmd);
            }
        }
    }

    /** A nack (or ack timeout): dead-letter on the last allowed delivery, else redeliver at {@code dueMs}. */
    private void negativeAcknowledged(TopicPartition tp, MessageId id, long dueMs) {
        ReceivedMessage<T> m = tracker.unacked(tp, id.offset());
        if (m == null || scheduled.contains(id)) {
            return; // acknowledged meanwhile, partition moved to another consumer, or already waiting
        }
        if (settings.deadLetterPolicy() != null
                && m.getRedeliveryCount() >= settings.deadLetterPolicy().maxRedeliverCount()) {
            sendToDeadLetterTopic(m);
        } else {
            scheduleRedelivery(id, dueMs);
        }
    }

    private void scheduleRedelivery(MessageId id, long dueMs) {
        if (scheduled.add(id)) {
            redeliveries.add(new Redelivery(dueMs, id));
        }
    }

    private void redeliverDue(long nowMs) {
        while (!redeliveries.isEmpty() && redeliveries.peek().dueMs() <= nowMs) {
            MessageId id = redeliveries.poll().id();
            scheduled.remove(id);
            TopicPartition tp = new TopicPartition(id.topic(), id.partition());
            ReceivedMessage<T> m = tracker.unacked(tp, id.offset());
            if (m != null) {
                ReceivedMessage<T> again = m.redelivered();
                tracker.delivered(tp, id.offset(), again);
                incoming.add(again);
            }
        }
    }

    private void checkAckTimeouts(long nowMs) {
        if (settings.ackTimeoutMs() == 0 || nowMs < nextAckTimeoutScanMs) {
            return;
        }
        nextAckTimeoutScanMs = nowMs + Math.max(100, settings.ackTimeoutMs() / 10);
        List<ReceivedMessage<T>> expired = new ArrayList<>();
        for (ReceivedMessage<T> m : tracker.allUnacked()) {
            long receivedAtMs = m.receivedAtMs();
            if (receivedAtMs > 0 && nowMs - receivedAtMs >= settings.ackTimeoutMs()) {
                expired.add(m);
            }
        }
        for (ReceivedMessage<T> m : expired) {
            MessageId id = m.getMessageId();
            negativeAcknowledged(new TopicPartition(id.topic(), id.partition()), id, nowMs);
        }
    }

    private void sendToDeadLetterTopic(ReceivedMessage<T> m) {
        if (dlqProducer == null) {
            Properties p = context.baseProperties("dlq-producer", null);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            dlqProducer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        ConsumerRecord<byte[], byte[]> r = m.record();
        MessageId id = m.getMessageId();
        scheduled.add(id); // neither redelivered nor dead-lettered twice while the write is in flight
        String topic = settings.deadLetterTopic();
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, r.key(), r.value(),
                deadLetterHeaders(r.headers(), id, m.getRedeliveryCount() + 1));
        dlqProducer.send(out, (metadata, error) -> {
            if (error == null) {
                commands.add(new Command(CommandKind.ACK, id));
            } else {
                LOG.warn("subscription {}: could not write {} to dead-letter topic {} ({}); delivering it again",
                        settings.subscription(), id, topic, error.toString());
                dlqFailed.add(id);
            }
            // the poll thread clears the scheduled mark when it handles the ack or the retry
        });
    }

    private Headers deadLetterHeaders(Headers original, MessageId id, int deliveryCount) {
        RecordHeaders h = new RecordHeaders(original.toArray());
        put(h, MessageHeaders.DLQ_ORIGIN_TOPIC, id.topic());
        put(h, MessageHeaders.DLQ_ORIGIN_PARTITION, Integer.toString(id.partition()));
        put(h, MessageHeaders.DLQ_ORIGIN_OFFSET, Long.toString(id.offset()));
        put(h, MessageHeaders.DLQ_DELIVERY_COUNT, Integer.toString(deliveryCount));
        put(h, MessageHeaders.DLQ_SUBSCRIPTION, settings.subscription());
        put(h, MessageHeaders.DLQ_REASON, MessageHeaders.DLQ_REASON_DELIVERY_LIMIT);
        return h;
    }

    private static void put(RecordHeaders h, String key, String value) {
        h.remove(key);
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private Map<TopicPartition, OffsetAndMetadata> dueCommits(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        if (settings.mode() == SubscriptionMode.NonDurable) {
            return offsets;
        }
        tracker.commitsDue().forEach((tp, c) -> {
            if (only == null || only.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(c.offset(), c.metadata()));
            }
        });
        return offsets;
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = dueCommits(null);
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((tp, o) -> tracker.committed(tp, new OffsetTracker.Committable(o.offset(), o.metadata())));
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) { // the next round commits again; after a rebalance the new owner does
                LOG.debug("subscription {}: commit of {} failed: {}", settings.subscription(), committed, error.toString());
                offsets.keySet().forEach(tracker::commitFailed);
            }
        });
    }

    private void commitSync() {
        commitSync(null);
    }

    private void commitSync(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = dueCommits(only);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, Duration.ofMillis(context.operationTimeoutMs()));
            } catch (WakeupException e) {
                // close() woke the consumer while it was not polling: the wakeup is used up, commit for real now
                consumer.commitSync(offsets, Duration.ofMillis(context.operationTimeoutMs()));
            }
            offsets.forEach((tp, o) -> tracker.committed(tp, new OffsetTracker.Committable(o.offset(), o.metadata())));
        } catch (RuntimeException e) {
            // Not fatal: the uncommitted messages are delivered again (at least once), by us or the next owner.
            LOG.warn("subscription {}: committing {} failed: {}", settings.subscription(), offsets, e.toString());
        }
    }

    /** Drops a partition that moved away: queued and pending messages of it now belong to its next owner. */
    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        partitions.forEach(tracker::revoke);
        incoming.removeIf(m -> gone.contains(new TopicPartition(m.getTopicName(), m.record().partition())));
        redeliveries.removeIf(r -> gone.contains(new TopicPartition(r.id().topic(), r.id().partition())));
        scheduled.removeIf(id -> gone.contains(new TopicPartition(id.topic(), id.partition())));
    }

    @Override
    public void acknowledgeCumulative(MessageId messageId) throws RunnelClientException {
        submit(CommandKind.ACK_CUMULATIVE, messageId);
    }

    @Override
    void deleteSubscription(boolean required) throws RunnelClientException {
        GroupDeletion.deleteConsumerGroup(context, settings.subscription(), clientId, required);
    }

    /** Runs on the poll thread, inside poll(). */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handleCommands(System.currentTimeMillis());
            commitSync(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = settings.mode() == SubscriptionMode.Durable
                    && !partitions.isEmpty()
                    ? consumer.committed(new HashSet<>(partitions), Duration.ofMillis(context.operationTimeoutMs()))
                    : Map.of();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = committed.get(tp);
                tracker.assign(tp, om == null ? -1 : om.offset(), om == null ? null : om.metadata());
            }
            joined.complete(null);
        }
    }
}
