package io.runnel.bench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The consuming side: reads the topic (assigned partitions from the beginning, or from the end for e2e, or a
 * consumer group's subscription) and counts records into a {@link LoadMeter}. For e2e it takes the send time
 * from each value's first 8 bytes and records produce-to-consume latency.
 *
 * <p>Stops when {@code recordsMax} records arrived, at {@code endNs}, after {@code idleTimeoutNs} without a
 * record, when the {@code expected} supplier's count has arrived (e2e: all acked records), or when stopped.
 * Runs on its own thread and owns the consumer.
 */
final class ConsumerWorker implements Runnable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final String group;
    private final boolean e2e;
    private final long recordsMax;
    private final long endNs;
    private final long idleTimeoutNs;
    private final LongSupplier expected;
    private final LoadMeter meter;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile long firstPollNs;

    /**
     * @param expected for e2e: how many records the producers have had acknowledged, and -1 while they still
     *                 send; the consumer ends once it has that many. Null for plain consume.
     */
    ConsumerWorker(Consumer<byte[], byte[]> consumer, String topic, String group, boolean e2e, long recordsMax,
                   long endNs, long idleTimeoutNs, LongSupplier expected, LoadMeter meter) {
        this.consumer = consumer;
        this.topic = topic;
        this.group = group;
        this.e2e = e2e;
        this.recordsMax = recordsMax;
        this.endNs = endNs;
        this.idleTimeoutNs = idleTimeoutNs;
        this.expected = expected;
        this.meter = meter;
    }

    void stop() {
        stopped = true;
        consumer.wakeup();
    }

    /** Waits until the consumer has its starting positions (e2e starts producing only then). */
    boolean awaitPositioned(long timeoutMs) throws InterruptedException {
        return positioned.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** nanoTime of the first poll, the start of the measured interval for plain consume. */
    long firstPollNs() {
        return firstPollNs;
    }

    @Override
    public void run() {
        try {
            position();
            positioned.countDown();
            firstPollNs = System.nanoTime();
            long lastRecordNs = firstPollNs;
            long seen = 0;
            while (!stopped && seen < recordsMax) {
                long nowNs = System.nanoTime();
                if (nowNs >= endNs || nowNs - lastRecordNs >= idleTimeoutNs) {
                    break;
                }
                if (expected != null) {
                    long target = expected.getAsLong();
                    if (target >= 0 && meter.succeededAll() >= target) {
                        break;
                    }
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                long receivedNs = System.nanoTime();
                lastRecordNs = receivedNs;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    byte[] v = r.value();
                    int size = v == null ? 0 : v.length;
                    if (e2e && size >= Long.BYTES) {
                        meter.onRecord(size, ByteBuffer.wrap(v).getLong(0), receivedNs);
                    } else {
                        meter.onRecordUntimed(size, receivedNs);
                    }
                    seen++;
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            positioned.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void position() {
        if (group != null) {
            consumer.subscribe(List.of(topic));
            return;
        }
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new BenchException("topic '" + topic + "' has no partitions");
        }
        List<TopicPartition> partitions = new ArrayList<>(infos.size());
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        if (e2e) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        // Resolve the lazy seeks now, so e2e producers start only once the end offsets are fixed.
        for (TopicPartition tp : partitions) {
            consumer.position(tp, Duration.ofSeconds(30));
        }
    }
}
