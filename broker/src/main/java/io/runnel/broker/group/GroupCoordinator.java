package io.runnel.broker.group;

import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.metadata.MetadataListener;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.metadata.PartitionImage;
import io.runnel.broker.metadata.TopicImage;
import io.runnel.broker.metadata.TopicSpec;
import io.runnel.broker.partition.PartitionManager;
import io.runnel.common.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator service the API handlers call: maps a group id to its {@code __consumer_offsets}
 * partition ({@code (groupId.hashCode() & 0x7fffffff) % offsets.topic.num.partitions}), runs the operation on that
 * partition's {@link ShardRunner}, and creates the offsets topic on first use. As a {@link MetadataListener} it
 * loads a shard when its partition appears (startup or creation) and unloads it when it goes.
 *
 * <p>Threads: callable from any thread; shards run on {@code runnel.group.coordinator.threads} threads, each
 * shard pinned to one ({@code partition % threads}). Metadata callbacks only start loads (they never wait).
 */
public final class GroupCoordinator implements MetadataListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupCoordinatorConfig config;
    private final Time time;
    private final PartitionManager partitions;
    private final MetadataService metadata;
    private final TimerWheel timer;
    private final ExecutorService[] threads;
    private final Map<Integer, ShardRunner> shards = new ConcurrentHashMap<>();
    private final AtomicBoolean creatingTopic = new AtomicBoolean();
    private final ShareGroupConfig shareConfig;
    private final ShareAvailability shareAvailability;
    private final ShareServices shareServices;

    public GroupCoordinator(GroupCoordinatorConfig config, Time time, PartitionManager partitions,
                            MetadataService metadata, TimerWheel timer) {
        this(config, ShareGroupConfig.defaults(), time, partitions, metadata, timer, null);
    }

    /** @param shareDelayRoot directory of the share groups' delay indexes (null: no delayed delivery) */
    public GroupCoordinator(GroupCoordinatorConfig config, ShareGroupConfig shareConfig, Time time,
                            PartitionManager partitions, MetadataService metadata, TimerWheel timer,
                            java.nio.file.Path shareDelayRoot) {
        this.shareConfig = shareConfig;
        this.shareAvailability = new ShareAvailability(partitions.appendWaiters());
        this.shareServices = new ShareServices(shareConfig, shareAvailability::onAvailable,
                new PartitionDeadLetters(partitions, metadata, shareConfig.deadLetterTopicPrefix(), time),
                shareDelayRoot);
        this.config = config;
        this.time = time;
        this.partitions = partitions;
        this.metadata = metadata;
        this.timer = timer;
        this.threads = new ExecutorService[config.threads()];
        for (int i = 0; i < threads.length; i++) {
            String name = "runnel-group-" + i;
            threads[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    public GroupCoordinatorConfig config() {
        return config;
    }

    public ShareGroupConfig shareConfig() {
        return shareConfig;
    }

    /** Share records of (group, partition) became available: version counters parked ShareFetches compare. */
    public ShareAvailability shareAvailability() {
        return shareAvailability;
    }

    /** The local partition of {@code tp}, if this broker has it. */
    public java.util.Optional<io.runnel.broker.partition.Partition> partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    public int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % config.offsetsTopicPartitions();
    }

    /** True when the group's shard is loaded here and serving; otherwise starts creating the offsets topic. */
    public boolean isReady(String groupId) {
        ShardRunner runner = shards.get(partitionFor(groupId));
        if (runner == null) {
            ensureOffsetsTopic();
            return false;
        }
        return runner.status() == ShardRunner.Status.ACTIVE;
    }

    /** Runs {@code op} on the group's shard; see {@link ShardRunner#submit}. */
    public <T> CompletableFuture<T> run(String groupId, Function<GroupShard, T> op) {
        ShardRunner runner = runnerOrNull(groupId);
        return runner == null ? notAvailable() : runner.submit(op);
    }

    /**
     * Like {@link #run}, but while the group's shard is being created or loaded, retries every 50 ms up to
     * {@code timeoutMs} on the timer wheel (for APIs whose clients do not retry coordinator errors, such as group
     * configs through IncrementalAlterConfigs). Never blocks.
     */
    public <T> CompletableFuture<T> runWhenReady(String groupId, Function<GroupShard, T> op, long timeoutMs) {
        CompletableFuture<T> out = new CompletableFuture<>();
        attempt(groupId, op, time.nowMs() + timeoutMs, out);
        return out;
    }

    private <T> void attempt(String groupId, Function<GroupShard, T> op, long deadlineMs, CompletableFuture<T> out) {
        if (isReady(groupId) || time.nowMs() >= deadlineMs) {
            run(groupId, op).whenComplete((v, e) -> {
                if (e == null) {
                    out.complete(v);
                } else {
                    out.completeExceptionally(e);
                }
            });
            return;
        }
        timer.schedule(50, () -> attempt(groupId, op, deadlineMs, out));
    }

    /** Runs an operation that parks its response (JoinGroup, SyncGroup). */
    public <T> CompletableFuture<T> runParked(String groupId, Function<GroupShard, CompletableFuture<T>> op) {
        ShardRunner runner = runnerOrNull(groupId);
        return runner == null ? notAvailable() : runner.submitParked(op);
    }

    /** Runs {@code op} on every loaded shard (ListGroups). */
    public <T> List<CompletableFuture<T>> runOnAll(Function<GroupShard, T> op) {
        List<CompletableFuture<T>> out = new ArrayList<>();
        for (ShardRunner runner : shards.values()) {
            out.add(runner.submit(op));
        }
        return out;
    }

    private ShardRunner runnerOrNull(String groupId) {
        ShardRunner runner = shards.get(partitionFor(groupId));
        if (runner == null) {
            ensureOffsetsTopic();
        }
        return runner;
    }

    private static <T> CompletableFuture<T> notAvailable() {
        return CompletableFuture.failedFuture(new CoordinatorNotAvailableException(
                "The group coordinator is starting: " + GroupCoordinatorConfig.OFFSETS_TOPIC + " is being created"));
    }

    /** Creates {@code __consumer_offsets} (compacted) if it does not exist yet; never waits. */
    public void ensureOffsetsTopic() {
        if (metadata.image().topic(GroupCoordinatorConfig.OFFSETS_TOPIC).isPresent()
                || !creatingTopic.compareAndSet(false, true)) {
            return;
        }
        TopicSpec spec = new TopicSpec(GroupCoordinatorConfig.OFFSETS_TOPIC, config.offsetsTopicPartitions(),
                Map.of("cleanup.policy", "compact", "segment.bytes", String.valueOf(config.offsetsTopicSegmentBytes())),
                true);
        metadata.getOrCreate(spec).whenComplete((topic, e) -> {
            creatingTopic.set(false);
            if (e != null) {
                LOG.error("Could not create {}", GroupCoordinatorConfig.OFFSETS_TOPIC, e);
            }
        });
    }

    @Override
    public void onTopicCreated(TopicImage topic) {
        if (topic.name().equals(GroupCoordinatorConfig.OFFSETS_TOPIC)) {
            open(topic.partitions());
        }
    }

    @Override
    public void onPartitionsAdded(TopicImage topic, List<PartitionImage> added) {
        if (topic.name().equals(GroupCoordinatorConfig.OFFSETS_TOPIC)) {
            LOG.warn("{} grew to {} partitions: groups hash to partitions by the configured count ({}), new "
                    + "partitions stay unused", topic.name(), topic.partitionCount(), config.offsetsTopicPartitions());
            open(added);
        }
    }

    @Override
    public void onTopicDeleted(TopicImage topic) {
        if (topic.name().equals(GroupCoordinatorConfig.OFFSETS_TOPIC)) {
            for (ShardRunner runner : List.copyOf(shards.values())) {
                shards.remove(runner.partitionId());
                runner.close();
            }
        }
    }

    private void open(List<PartitionImage> toOpen) {
        for (PartitionImage p : toOpen) {
            int id = p.partition();
            if (shards.containsKey(id)) {
                continue;
            }
            TopicPartition tp = new TopicPartition(GroupCoordinatorConfig.OFFSETS_TOPIC, id);
            ShardRunner runner = new ShardRunner(id, partitions.getOrThrow(tp), config, time,
                    threads[id % threads.length], timer, () -> Uuid.randomUuid().toString(),
                    () -> new ImageTopicsView(metadata.image()), shareServices);
            shards.put(id, runner);
            runner.load().whenComplete((v, e) -> {
                if (e != null) {
                    LOG.error("Loading group coordinator shard {} failed", id, e);
                }
            });
        }
    }

    /** Fails parked responses and stops the shard threads. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        shards.values().forEach(r -> closing.add(r.close()));
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Group coordinator shards did not close within 5 s", e);
        }
        shards.clear();
        for (ExecutorService t : threads) {
            t.shutdown();
        }
    }
}
