package io.runnel.streams.runtime;

import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.util.List;

/** Every configuration key of a streams worker, declared once. */
public final class StreamsConfig {
    private StreamsConfig() {
    }

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.of("bootstrap.servers", ConfigType.STRING,
            null, Validator.nonEmpty(), "host:port of any broker of the Kafka-protocol cluster to run against.");
    public static final ConfigKey<Integer> THREADS = ConfigKey.of("runnel.streams.threads", ConfigType.INT, 1,
            Validator.between(1, 256), "Processing threads of this worker; each owns a consumer, a producer and its tasks.");
    public static final ConfigKey<String> MODE = ConfigKey.of("runnel.streams.mode", ConfigType.STRING, "record",
            Validator.oneOf("record", "micro-batch", "bounded"),
            "record: process and advance event time per record; micro-batch: advance event time, emit and commit once "
                    + "per trigger interval; bounded: replay the input up to its end offsets at start, close all "
                    + "windows, write final results and stop.");
    public static final ConfigKey<Long> TRIGGER_INTERVAL_MS = ConfigKey.of("runnel.streams.trigger.interval.ms",
            ConfigType.LONG, 500L, Validator.atLeast(1L), "Micro-batch trigger interval.");
    public static final ConfigKey<Long> COMMIT_INTERVAL_MS = ConfigKey.of("runnel.streams.commit.interval.ms",
            ConfigType.LONG, 1000L, Validator.atLeast(1L),
            "How often stores, outputs and changelogs are flushed and input offsets committed (record mode).");
    public static final ConfigKey<Long> IDLE_TIMEOUT_MS = ConfigKey.of("runnel.streams.idle.timeout.ms",
            ConfigType.LONG, 10_000L, Validator.atLeast(1L),
            "An input partition without records for this long stops holding the watermark back.");
    public static final ConfigKey<Long> WATERMARK_INTERVAL_MS = ConfigKey.of("runnel.streams.watermark.interval.ms",
            ConfigType.LONG, 200L, Validator.atLeast(0L),
            "Minimum time between two watermark markers a task writes into a repartition topic.");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.of("runnel.streams.state.dir", ConfigType.STRING,
            System.getProperty("java.io.tmpdir") + "/runnel-streams", Validator.nonEmpty(),
            "Directory for the RocksDB stores (rebuilt from changelogs on start).");
    public static final ConfigKey<Integer> CACHE_ENTRIES_MAX = ConfigKey.of("runnel.streams.cache.entries.max",
            ConfigType.INT, 10_000, Validator.atLeast(1),
            "Changed keys a store caches before writing them to RocksDB and its changelog.");
    public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.of("runnel.streams.replication.factor",
            ConfigType.INT, 1, Validator.between(1, 32767), "Replication factor of the internal topics this worker creates.");
    public static final ConfigKey<Long> BOUNDED_FROM_MS = ConfigKey.of("runnel.streams.bounded.from.ms",
            ConfigType.LONG, -1L, Validator.atLeast(-1L),
            "Bounded mode: start at the first record at or after this time (-1: the committed offset, or the earliest).");
    public static final ConfigKey<Long> BOUNDED_TO_MS = ConfigKey.of("runnel.streams.bounded.to.ms",
            ConfigType.LONG, -1L, Validator.atLeast(-1L),
            "Bounded mode: stop before the first record at or after this time (-1: the end offsets at start).");
    public static final ConfigKey<Integer> MAX_POLL_RECORDS = ConfigKey.of("runnel.streams.max.poll.records",
            ConfigType.INT, 100_000, Validator.atLeast(1), "Most records a processing thread takes per consumer "
                    + "poll. High so that a poll usually empties the consumer's buffer: the consumer sends no fetch to "
                    + "a broker while any of that broker's partitions still has records buffered, so a poll that left "
                    + "some would have the thread wait a whole fetch round trip once it had processed them.");

    public static final ConfigKey<Boolean> PRODUCER_IDEMPOTENCE = ConfigKey.of("runnel.streams.producer.idempotence",
            ConfigType.BOOLEAN, true, Validator.any(),
            "Idempotent producer (5 requests in flight, order kept by the cluster); false for clusters without "
                    + "producer ids (then one request in flight keeps the order).");

    public static final ConfigKey<Integer> PRODUCER_LINGER_MS = ConfigKey.of("runnel.streams.producer.linger.ms",
            ConfigType.INT, 20, Validator.between(0, 60_000),
            "How long the producer waits to fill a batch of outputs, repartition and changelog records. Larger "
                    + "batches mean fewer produce requests (and, with acks=all, fewer log flushes on the cluster); "
                    + "a commit sends whatever is waiting at once.");

    public static final ConfigKey<String> SEND_THREAD = ConfigKey.of("runnel.streams.send.thread",
            ConfigType.STRING, "auto", Validator.oneOf("auto", "true", "false"),
            "Whether each processing thread hands its sends (outputs, repartition and changelog records) to a thread "
                    + "of its own, in order and in batches, so that the producer's per-record work runs next to the "
                    + "processing instead of on it. auto: only for a pipeline without state stores (a stateless, "
                    + "output-heavy pipeline gains; a stateful one keeps the cores busy already and lost by the "
                    + "hand-over); false sends on the processing thread.");

    public static final ConfigKey<String> GROUP_PROTOCOL = ConfigKey.of("runnel.streams.group.protocol",
            ConfigType.STRING, "consumer", Validator.oneOf("consumer", "classic"),
            "Consumer group protocol of the processing threads. consumer: KIP-848, the broker assigns partitions with "
                    + "its range assignor (co-partitioned inputs stay on one task) and a joining thread gets its "
                    + "partitions in its first heartbeats, without the classic group's initial rebalance delay; "
                    + "classic: JoinGroup/SyncGroup with the client-side range assignor, for clusters without KIP-848 "
                    + "(Kafka before 4.0, or one whose group.consumer.assignors lacks range).");

    public static final ConfigKey<Long> EXPIRING_CHANGELOG_EXTRA_RETENTION_MS = ConfigKey.of(
            "runnel.streams.expiring.changelog.extra.retention.ms", ConfigType.LONG, 86_400_000L, Validator.atLeast(0L),
            "Join buffers drop expired records without writing tombstones, so their changelogs (created by this "
                    + "worker) are deleted by time as well as compacted: retention.ms = the join's retention in event "
                    + "time + this. It bounds how long a stopped job can stay down and still restore its buffers.");

    public static final ConfigDef DEF = ConfigDef.of("streams", List.of(BOOTSTRAP_SERVERS, THREADS, MODE,
            TRIGGER_INTERVAL_MS, COMMIT_INTERVAL_MS, IDLE_TIMEOUT_MS, WATERMARK_INTERVAL_MS, STATE_DIR,
            CACHE_ENTRIES_MAX, REPLICATION_FACTOR, BOUNDED_FROM_MS, BOUNDED_TO_MS, MAX_POLL_RECORDS, PRODUCER_IDEMPOTENCE,
            PRODUCER_LINGER_MS, SEND_THREAD, GROUP_PROTOCOL, EXPIRING_CHANGELOG_EXTRA_RETENTION_MS));
}
