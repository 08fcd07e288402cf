package io.runnel.broker.partition;

import io.runnel.broker.delay.DelayedOperations;
import io.runnel.broker.metadata.MetadataListener;
import io.runnel.broker.metadata.PartitionImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.common.Time;
import io.runnel.storage.LogConfig;
import io.runnel.storage.LogManager;
import io.runnel.storage.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link Partition} per topic-partition of the metadata image, over storage's {@link PartitionLog}s:
 * opens them when topics are created or grow, reconfigures them live, deletes them with their topic. The produce
 * and fetch handlers and the coordinators (which append to and read their internal topics here, through the same
 * path as clients) look partitions up by {@link TopicPartition}.
 *
 * <p>Appends wake delayed fetches waiting on the partition through {@link #appendWaiters()}.
 *
 * <p>Threads: metadata callbacks come from the metadata thread; lookups from any thread (concurrent map).
 */
public final class PartitionManager implements MetadataListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);
    /** Directory (under the log dir) of the per-partition producer-state snapshots, named by topic id. */
    public static final String PRODUCER_STATE_DIR = "producer-state";

    private final LogManager logs;
    private final Time time;
    private final Path producerStateDir;
    private final Function<Map<String, String>, LogConfig> logConfigs;
    private final DelayedOperations<TopicPartition> appendWaiters;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * @param logConfigs turns a topic's overrides into its effective storage config (broker defaults underneath);
     *                   it must ignore the partition layer's own keys ({@link PartitionConfig#TOPIC_KEYS})
     */
    public PartitionManager(LogManager logs, Time time, Path logDir, Function<Map<String, String>, LogConfig> logConfigs,
                            DelayedOperations<TopicPartition> appendWaiters) throws IOException {
        this.logs = logs;
        this.time = time;
        this.producerStateDir = logDir.resolve(PRODUCER_STATE_DIR);
        this.logConfigs = logConfigs;
        this.appendWaiters = appendWaiters;
        Files.createDirectories(producerStateDir);
    }

    /** Delayed operations keyed by partition, woken after every append to it. */
    public DelayedOperations<TopicPartition> appendWaiters() {
        return appendWaiters;
    }

    public Optional<Partition> get(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /** The partition, or {@link UnknownTopicOrPartitionException}. */
    public Partition getOrThrow(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p == null) {
            throw new UnknownTopicOrPartitionException("This broker has no partition " + tp);
        }
        return p;
    }

    public Collection<Partition> all() {
        return partitions.values();
    }

    @Override
    public void onTopicCreated(TopicImage topic) {
        open(topic, topic.partitions());
    }

    @Override
    public void onPartitionsAdded(TopicImage topic, List<PartitionImage> added) {
        open(topic, added);
    }

    @Override
    public void onTopicConfigChanged(TopicImage topic) {
        LogConfig config = logConfigs.apply(topic.configs());
        boolean fsync = PartitionConfig.ackAllWaitsForFsync(topic.configs());
        for (PartitionImage p : topic.partitions()) {
            Partition partition = partitions.get(new TopicPartition(topic.name(), p.partition()));
            if (partition != null) {
                partition.updateConfig(config, fsync);
            }
        }
    }

    @Override
    public void onTopicDeleted(TopicImage topic) {
        for (PartitionImage p : topic.partitions()) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            Partition partition = partitions.remove(tp);
            try {
                if (partition != null) {
                    partition.deleteProducerSnapshot();
                }
                logs.delete(tp.topic(), tp.partition());
            } catch (IOException e) {
                throw new UncheckedIOException("Deleting " + tp, e);
            }
            // Wake fetches parked on it so that they answer (with UNKNOWN_TOPIC_OR_PARTITION) now.
            appendWaiters.checkAndComplete(tp);
        }
    }

    private void open(TopicImage topic, List<PartitionImage> toOpen) {
        LogConfig config = logConfigs.apply(topic.configs());
        boolean fsync = PartitionConfig.ackAllWaitsForFsync(topic.configs());
        for (PartitionImage p : toOpen) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            Partition existing = partitions.get(tp);
            if (existing != null) {
                existing.updateLeaderEpoch(p.leaderEpoch());
                continue;
            }
            PartitionLog log = logs.getOrCreate(tp.topic(), tp.partition(), config);
            Partition partition = new Partition(tp, topic.id(), p.leaderEpoch(), log, config, fsync, time,
                    snapshotFile(topic.id(), tp.partition()), () -> appendWaiters.checkAndComplete(tp));
            partitions.put(tp, partition);
        }
    }

    private Path snapshotFile(Uuid topicId, int partition) {
        return producerStateDir.resolve(topicId + "-" + partition + ".snapshot");
    }

    /** Writes every producer-state snapshot (storage closes the logs themselves). */
    @Override
    public void close() {
        for (Partition p : partitions.values()) {
            p.writeProducerSnapshot();
        }
        LOG.info("Wrote producer-state snapshots of {} partitions", partitions.size());
    }
}
