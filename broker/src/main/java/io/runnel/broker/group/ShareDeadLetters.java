package io.runnel.broker.group;

import io.runnel.broker.group.SharePartition.Archived;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes the records a share group gave up on (rejected, or over the delivery limit) to the group's dead-letter
 * topic (KIP-1191). Called on the coordinator shard thread before the archived state is written; must not wait on
 * I/O beyond an append to a local partition.
 */
public interface ShareDeadLetters {
    /**
     * @param copyRecord whether to copy the original key, value and headers (else the context headers only)
     */
    void write(String groupId, String deadLetterTopic, boolean copyRecord, TopicPartition source,
               List<Archived> records);

    /** Drops them (tests, brokers without partitions). */
    static ShareDeadLetters none() {
        return (group, topic, copy, source, records) -> { };
    }
}
