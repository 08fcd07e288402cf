package io.runnel.broker.partition;

import org.apache.kafka.common.record.TimestampType;

/**
 * The topic settings that produce validation depends on, taken from the topic's log config. Immutable.
 *
 * @param compacted            cleanup.policy includes compact: every record needs a key
 * @param timestampType        message.timestamp.type: CreateTime records keep their timestamps (checked against
 *                             the two bounds below); LogAppendTime ones get the broker's time at append
 * @param maxMessageBytes      max.message.bytes: the largest record batch accepted (after compression)
 * @param timestampBeforeMaxMs message.timestamp.before.max.ms: how far in the past a CreateTime may be
 * @param timestampAfterMaxMs  message.timestamp.after.max.ms: how far in the future a CreateTime may be
 */
public record ValidationConfig(boolean compacted, TimestampType timestampType, int maxMessageBytes,
                               long timestampBeforeMaxMs, long timestampAfterMaxMs) {

    /** Kafka's defaults: delete policy, CreateTime, 1 MiB batches, any past timestamp, at most 1 h ahead. */
    public static final ValidationConfig DEFAULT = new ValidationConfig(false, TimestampType.CREATE_TIME,
            1024 * 1024 + 12, Long.MAX_VALUE, 3_600_000L);
}
