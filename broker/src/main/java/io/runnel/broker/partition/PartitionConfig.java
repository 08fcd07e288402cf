package io.runnel.broker.partition;

import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;
import java.util.Map;

/**
 * Configuration keys of the partition layer. Topic-level keys here extend Kafka's topic keys (which storage's
 * {@code LogConfig} declares); broker-level keys join the broker config through the partition module.
 */
public final class PartitionConfig {
    private PartitionConfig() {
    }

    /** Topic key: whether acks=all waits for the fsync. See docs/durability.md. */
    public static final ConfigKey<Boolean> ACKS_ALL_FSYNC = ConfigKey.of("runnel.acks.all.fsync",
            ConfigType.BOOLEAN, true, Validator.any(),
            "When true, an acks=all produce is answered only after its batch is fsynced (group commit shared by "
                    + "all partitions); false relaxes acks=all to 'written to the log', leaving fsync to the "
                    + "topic's flush.messages/flush.ms policy, like Apache Kafka's default.");

    /** Topic keys owned by the partition layer (the storage config must not see them). */
    public static final List<ConfigKey<?>> TOPIC_KEYS = List.of(ACKS_ALL_FSYNC);

    /** Broker key: Kafka's name for the fetch session cache bound. */
    public static final ConfigKey<Integer> FETCH_SESSION_CACHE_SLOTS = ConfigKey.of(
            "max.incremental.fetch.session.cache.slots", ConfigType.INT, 1000, Validator.atLeast(0),
            "Incremental fetch sessions (KIP-227) the broker keeps; when full the least recently used is evicted. "
                    + "0 disables sessions (every fetch is a full fetch).");

    /** Broker key: producer state of idle producers is dropped after this long. */
    public static final ConfigKey<Long> PRODUCER_ID_EXPIRATION_MS = ConfigKey.of("producer.id.expiration.ms",
            ConfigType.LONG, 86_400_000L, Validator.atLeast(1L),
            "How long the broker keeps an idle idempotent producer's sequence state per partition.");

    /** Broker key: the bound on produce appends done on the network event loop (decision 0023). */
    public static final ConfigKey<Integer> PRODUCE_INLINE_APPEND_MAX_BYTES = ConfigKey.of(
            "runnel.produce.inline.append.max.bytes", ConfigType.INT, 16_384, Validator.atLeast(0),
            "An acks=0/1 produce request for one partition with at most this many bytes of uncompressed records is "
                    + "appended on the network thread that read it, without a hand-off to an I/O thread, when its "
                    + "connection has nothing queued and the append needs only a page-cache write (no segment roll, "
                    + "no lock wait). Lowers produce latency; 0 sends every append to the I/O threads.");

    public static final List<ConfigKey<?>> BROKER_KEYS = List.of(FETCH_SESSION_CACHE_SLOTS, PRODUCER_ID_EXPIRATION_MS,
            PRODUCE_INLINE_APPEND_MAX_BYTES);

    /** The topic's {@link #ACKS_ALL_FSYNC} from its overrides (default when absent). */
    public static boolean ackAllWaitsForFsync(Map<String, String> topicOverrides) {
        String v = topicOverrides.get(ACKS_ALL_FSYNC.name());
        return v == null ? ACKS_ALL_FSYNC.defaultValue() : ACKS_ALL_FSYNC.parse(v);
    }
}
