package io.runnel.client.internal;

import io.runnel.client.Consumer;
import io.runnel.client.MessageId;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Shared and KeyShared subscriptions over a share group (KIP-932; group id = subscription name) through the stock
 * {@link KafkaShareConsumer} in explicit acknowledgement mode.
 *
 * <ul>
 *   <li>Records are acquired {@code receiverQueueSize} at a time ({@code share.acquire.mode=record_limit}); the
 *       next batch is fetched once every record of the current one is settled: ACCEPT on acknowledge, RELEASE on
 *       negative acknowledge (after the redelivery delay) or ack timeout. Each record is locked to this consumer
 *       only for the group's acquisition lock duration, so a nack delay is capped by what is left of the lock, and a
 *       record whose lock ran out is dropped here (the broker has given it to another consumer).</li>
 *   <li>Redelivery counts are the broker's delivery counts; the dead-letter policy becomes the group's delivery
 *       count limit and KIP-1191 dead-letter topic ({@link ShareGroupConfigs}): the broker moves the record.</li>
 *   <li>close() settles nothing it was not told: KafkaShareConsumer.close() releases the acquired records, which
 *       go to the other consumers at once.</li>
 * </ul>
 *
 * <p>Threads: the poll thread owns {@link #shareConsumer} (apart from wakeup) and {@link #outstanding}.
 */
public final class ShareConsumerImpl<T> extends AbstractConsumer<T> {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long DEFAULT_LOCK_MS = 30_000;
    /** Release a nacked record this long before its lock runs out, so the release reaches the broker in time. */
    private static final long LOCK_MARGIN_MS = 1_000;

    private final Properties consumerProperties;
    private final String clientId;
    private volatile KafkaShareConsumer<byte[], byte[]> shareConsumer;
    private final Map<MessageId, Outstanding<T>> outstanding = new HashMap<>();
    /** No outstanding record needs releasing before this time (so acks do not rescan the whole batch). */
    private long nextReleaseCheckMs = Long.MAX_VALUE;

    /** An acquired record not yet settled. releaseAtMs: -1 until negatively acknowledged. */
    private static final class Outstanding<T> {
        final ReceivedMessage<T> message;
        final long lockDeadlineMs;
        long releaseAtMs = -1;

        Outstanding(ReceivedMessage<T> message, long lockDeadlineMs) {
            this.message = message;
            this.lockDeadlineMs = lockDeadlineMs;
        }
    }

    private ShareConsumerImpl(ClientContext context, Schema<T> schema, ConsumerSettings settings) {
        super(context, schema, settings);
        Properties p = context.baseProperties("share-consumer", settings.consumerName());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.subscription());
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.receiverQueueSize());
        this.consumerProperties = p;
        this.clientId = p.getProperty(ConsumerConfig.CLIENT_ID_CONFIG);
    }

    public static <T> Consumer<T> subscribe(ClientContext context, Schema<T> schema, ConsumerSettings settings)
            throws RunnelClientException {
        context.throwIfClosed();
        ShareGroupConfigs.apply(context, settings);
        ShareConsumerImpl<T> c = new ShareConsumerImpl<>(context, schema, settings);
        context.register(c);
        c.start();
        c.awaitJoined();
        return c;
    }

    @Override
    void wakeUpPollThread() {
        KafkaShareConsumer<byte[], byte[]> c = shareConsumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    void pollLoop() throws Exception {
        KafkaShareConsumer<byte[], byte[]> c = new KafkaShareConsumer<>(consumerProperties,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        shareConsumer = c;
        try {
            c.subscribe(settings.topics());
            while (!closing) {
                Command first = null;
                if (outstanding.isEmpty()) {
                    fetch(c);
                } else {
                    first = commands.poll(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                long nowMs = System.currentTimeMillis();
                boolean settled = handleCommands(c, first, nowMs);
                settled |= releaseDue(c, nowMs);
                if (settled) {
                    c.commitAsync();
                }
            }
            handleCommands(c, null, System.currentTimeMillis());
        } finally {
            c.close(Duration.ofMillis(context.operationTimeoutMs()));
        }
        if (settings.mode() == SubscriptionMode.NonDurable) {
            deleteSubscription(false);
        }
    }

    private void fetch(KafkaShareConsumer<byte[], byte[]> c) {
        Iterable<ConsumerRecord<byte[], byte[]>> records;
        try {
            records = c.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            if (closing) {
                return;
            }
            throw e;
        }
        joined.complete(null);
        long lockDeadlineMs = System.currentTimeMillis() + c.acquisitionLockTimeoutMs().map(Integer::longValue)
                .orElse(DEFAULT_LOCK_MS);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int redeliveries = r.deliveryCount().map(n -> Math.max(0, n - 1)).orElse(0);
            ReceivedMessage<T> m = new ReceivedMessage<>(r, schema, redeliveries);
            Outstanding<T> o = new Outstanding<>(m, lockDeadlineMs);
            outstanding.put(m.getMessageId(), o);
            nextReleaseCheckMs = Math.min(nextReleaseCheckMs, nextCheckMs(o, System.currentTimeMillis()));
            incoming.add(m);
        }
    }

    /** Handles {@code first} (when not null), then every queued command; returns true if any record was settled. */
    private boolean handleCommands(KafkaShareConsumer<byte[], byte[]> c, Command first, long nowMs) {
        boolean settled = false;
        Command cmd = first;
        while (cmd != null || (cmd = commands.poll()) != null) {
            Outstanding<T> o = outstanding.get(cmd.id());
            if (o == null) { // settled already, or its lock ran out
                cmd = null;
                continue;
            }
            switch (cmd.kind()) {
                case ACK -> {
                    settle(c, o, AcknowledgeType.ACCEPT);
                    settled = true;
                }
                case NACK -> {
                    if (o.releaseAtMs < 0) {
                        o.releaseAtMs = Math.min(nowMs + settings.negativeAckDelayMs(),
                                o.lockDeadlineMs - LOCK_MARGIN_MS);
                        nextReleaseCheckMs = Math.min(nextReleaseCheckMs, o.releaseAtMs);
                    }
                }
                default -> throw new IllegalStateException("not for a share group: " + cmd);
            }
            cmd = null;
        }
        return settled;
    }

    /** Releases nacked records whose delay passed, ack-timed-out records, and drops records whose lock ran out. */
    private boolean releaseDue(KafkaShareConsumer<byte[], byte[]> c, long nowMs) {
        if (nowMs < nextReleaseCheckMs) {
            return false;
        }
        nextReleaseCheckMs = Long.MAX_VALUE;
        List<Outstanding<T>> due = new ArrayList<>();
        for (Outstanding<T> o : outstanding.values()) {
            long receivedAtMs = o.message.receivedAtMs();
            boolean ackTimedOut = settings.ackTimeoutMs() > 0 && receivedAtMs > 0
                    && nowMs - receivedAtMs >= settings.ackTimeoutMs();
            boolean lockExpired = nowMs >= o.lockDeadlineMs;
            if ((o.releaseAtMs >= 0 && nowMs >= o.releaseAtMs) || ackTimedOut || lockExpired) {
                due.add(o);
            } else {
                nextReleaseCheckMs = Math.min(nextReleaseCheckMs, nextCheckMs(o, nowMs));
            }
        }
        for (Outstanding<T> o : due) {
            if (nowMs >= o.lockDeadlineMs) {
                incoming.remove(o.message); // another consumer may have it now: do not hand it out
            }
            settle(c, o, AcknowledgeType.RELEASE);
        }
        return !due.isEmpty();
    }

    /** When {@code o} may next need releasing: its nack time, lock end, or (with an ack timeout) the next tick. */
    private long nextCheckMs(Outstanding<T> o, long nowMs) {
        long next = o.lockDeadlineMs;
        if (o.releaseAtMs >= 0) {
            next = Math.min(next, o.releaseAtMs);
        }
        if (settings.ackTimeoutMs() > 0) {
            next = Math.min(next, nowMs + Math.max(100, settings.ackTimeoutMs() / 10));
        }
        return next;
    }

    private void settle(KafkaShareConsumer<byte[], byte[]> c, Outstanding<T> o, AcknowledgeType type) {
        outstanding.remove(o.message.getMessageId());
        c.acknowledge(o.message.record(), type);
    }

    @Override
    public void acknowledgeCumulative(MessageId messageId) throws RunnelClientException {
        throw new RunnelClientException.NotSupportedException("acknowledgeCumulative is not available on a "
                + settings.type() + " subscription: messages of a partition go to several consumers; acknowledge "
                + "each message instead");
    }

    @Override
    void deleteSubscription(boolean required) throws RunnelClientException {
        GroupDeletion.deleteShareGroup(context, settings.subscription(), clientId, required);
    }
}
