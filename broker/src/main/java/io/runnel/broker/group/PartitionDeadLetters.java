package io.runnel.broker.group;

import io.runnel.broker.group.SharePartition.Archived;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.PartitionManager;
import io.runnel.broker.partition.ProduceValidator.Origin;
import io.runnel.storage.LogSlice;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-lettering onto a local partition (KIP-1191): the record goes to partition {@code source partition % DLQ
 * partitions} of the group's dead-letter topic with the context headers {@code __dlq.errors.topic},
 * {@code .partition}, {@code .offset}, {@code .group}, {@code .delivery.count} and {@code .message} (the reason),
 * plus the original key, value and headers when the group copies records. The topic must exist, start with
 * {@code errors.deadletterqueue.topic.name.prefix} and allow it with {@code errors.deadletterqueue.group.enable};
 * otherwise the records are only archived and a warning is logged once per (group, topic).
 *
 * <p>Thread-safe (the warned-set is concurrent); appends through the partition's own append lock.
 */
final class PartitionDeadLetters implements ShareDeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDeadLetters.class);
    private static final short PRODUCE_VERSION = 9;
    private static final int READ_BYTES = 1024 * 1024;
    static final String HEADER_TOPIC = "__dlq.errors.topic";
    static final String HEADER_PARTITION = "__dlq.errors.partition";
    static final String HEADER_OFFSET = "__dlq.errors.offset";
    static final String HEADER_GROUP = "__dlq.errors.group";
    static final String HEADER_DELIVERY_COUNT = "__dlq.errors.delivery.count";
    static final String HEADER_MESSAGE = "__dlq.errors.message";

    private final PartitionManager partitions;
    private final MetadataService metadata;
    private final String prefix;
    private final io.runnel.common.Time time;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    PartitionDeadLetters(PartitionManager partitions, MetadataService metadata, String prefix,
                         io.runnel.common.Time time) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.prefix = prefix;
        this.time = time;
    }

    @Override
    public void write(String groupId, String deadLetterTopic, boolean copyRecord, TopicPartition source,
                      List<Archived> records) {
        TopicImage topic = metadata.image().topic(deadLetterTopic).orElse(null);
        String refusal = null;
        if (topic == null) {
            refusal = "it does not exist";
        } else if (!deadLetterTopic.startsWith(prefix)) {
            refusal = "its name does not start with errors.deadletterqueue.topic.name.prefix '" + prefix + "'";
        } else if (!"true".equalsIgnoreCase(topic.configs().get(
                ShareGroupConfig.TOPIC_DEAD_LETTER_ENABLE.name()))) {
            refusal = "it does not set errors.deadletterqueue.group.enable=true";
        } else if (deadLetterTopic.equals(source.topic())) {
            refusal = "it is the topic the records come from";
        }
        if (refusal != null) {
            if (warned.add(groupId + "/" + deadLetterTopic)) {
                LOG.warn("Share group {} cannot dead-letter to {}: {}; records are archived only", groupId,
                        deadLetterTopic, refusal);
            }
            return;
        }
        TopicPartition target = new TopicPartition(deadLetterTopic, source.partition() % topic.partitionCount());
        Partition out = partitions.get(target).orElse(null);
        Partition in = partitions.get(source).orElse(null);
        if (out == null || in == null) {
            LOG.warn("Share group {} cannot dead-letter {} records of {} to {}: partition not local", groupId,
                    records.size(), source, target);
            return;
        }
        long nowMs = time.nowMs();
        List<SimpleRecord> letters = new ArrayList<>(records.size());
        for (Archived a : records) {
            List<Header> headers = new ArrayList<>();
            ByteBuffer key = null;
            ByteBuffer value = null;
            if (copyRecord) {
                Record original = find(in, a.offset());
                if (original != null) {
                    key = original.hasKey() ? original.key() : null;
                    value = original.hasValue() ? original.value() : null;
                    headers.addAll(List.of(original.headers()));
                }
            }
            headers.add(header(HEADER_TOPIC, source.topic()));
            headers.add(header(HEADER_PARTITION, Integer.toString(source.partition())));
            headers.add(header(HEADER_OFFSET, Long.toString(a.offset())));
            headers.add(header(HEADER_GROUP, groupId));
            headers.add(header(HEADER_DELIVERY_COUNT, Integer.toString(a.deliveryCount())));
            headers.add(header(HEADER_MESSAGE, a.reason()));
            letters.add(new SimpleRecord(nowMs, key, value, headers.toArray(new Header[0])));
        }
        out.append(MemoryRecords.withRecords(Compression.NONE, letters.toArray(new SimpleRecord[0])),
                PRODUCE_VERSION, Origin.COORDINATOR);
    }

    /** The record at {@code offset}, or null when retention or compaction removed it. */
    private static Record find(Partition partition, long offset) {
        LogSlice slice = partition.read(offset, READ_BYTES, true);
        try {
            for (RecordBatch batch : slice.records().batches()) {
                for (Record r : batch) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
            return null;
        } finally {
            slice.release();
        }
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
