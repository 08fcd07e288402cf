package io.runnel.broker.partition;

import io.runnel.broker.BrokerContext;
import io.runnel.broker.BrokerModule;
import io.runnel.broker.TopicConfigs;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.delay.DelayedOperations;
import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.fetch.FetchHandler;
import io.runnel.broker.fetch.FetchSessionCache;
import io.runnel.common.Verify;
import io.runnel.common.config.ConfigKey;
import io.runnel.storage.LogManager;
import io.runnel.storage.StorageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The partition layer as a broker module: opens storage ({@link LogManager}), the {@link PartitionManager} (a
 * metadata listener), the shared {@link TimerWheel}, the producer-id allocator, and registers Produce, Fetch,
 * ListOffsets, DeleteRecords, OffsetForLeaderEpoch, DescribeLogDirs and InitProducerId.
 *
 * <p>Other modules (groups) get the {@link PartitionManager} and the {@link TimerWheel} from this module once it has
 * started: construct them with a reference to it in {@code BrokerModules}.
 *
 * <p>Thread: started and closed by the broker lifecycle thread; the accessors are safe from any thread after start.
 */
public final class PartitionModule implements BrokerModule {
    private static final long PRODUCER_EXPIRATION_CHECK_MS = TimeUnit.MINUTES.toMillis(10);
    /** Bounds the log tail replayed after a crash to about a minute of appends. */
    private static final long PRODUCER_SNAPSHOT_INTERVAL_MS = TimeUnit.MINUTES.toMillis(1);

    private volatile TimerWheel timer;
    private volatile LogManager logs;
    private volatile PartitionManager partitions;

    @Override
    public String name() {
        return "partitions";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>(PartitionConfig.BROKER_KEYS);
        keys.addAll(StorageConfig.DEF.keys());
        return keys;
    }

    @Override
    public void start(BrokerContext ctx) throws Exception {
        BrokerConfig config = ctx.config();
        timer = TimerWheel.createDefault(ctx.time());
        timer.start("runnel-timer");
        logs = LogManager.open(ctx.logDir(), ctx.time(), storageConfig(config),
                Set.of(PartitionManager.PRODUCER_STATE_DIR));
        partitions = new PartitionManager(logs, ctx.time(), ctx.logDir(),
                ctx.topicConfigs()::logConfig, new DelayedOperations<>(timer));
        ctx.metadata().addListener(partitions);
        ProducerIdManager producerIds = ProducerIdManager.open(ctx.logDir(), ProducerIdManager.DEFAULT_BLOCK_SIZE);
        FetchSessionCache sessions = new FetchSessionCache(config.get(PartitionConfig.FETCH_SESSION_CACHE_SLOTS),
                ctx.time());
        OrderedExecutor ordered = new OrderedExecutor(ctx.ioExecutor());
        ctx.handlers()
                .register(new ProduceHandler(partitions, ctx.metadata()::image, timer, ordered,
                        config.get(PartitionConfig.PRODUCE_INLINE_APPEND_MAX_BYTES)))
                .register(new FetchHandler(partitions, ctx.metadata()::image, sessions, ordered))
                .register(new ListOffsetsHandler(partitions))
                .register(new DeleteRecordsHandler(partitions))
                .register(new OffsetForLeaderEpochHandler(partitions))
                .register(new DescribeLogDirsHandler(partitions, ctx.logDir()))
                .register(new InitProducerIdHandler(producerIds));
        ctx.scheduler().scheduleWithFixedDelay(() -> {
            for (Partition p : partitions.all()) {
                p.writeProducerSnapshot();
            }
        }, PRODUCER_SNAPSHOT_INTERVAL_MS, PRODUCER_SNAPSHOT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        long expirationMs = config.get(PartitionConfig.PRODUCER_ID_EXPIRATION_MS);
        ctx.scheduler().scheduleWithFixedDelay(() -> {
            for (Partition p : partitions.all()) {
                p.removeExpiredProducers(expirationMs);
            }
        }, PRODUCER_EXPIRATION_CHECK_MS, PRODUCER_EXPIRATION_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private static StorageConfig storageConfig(BrokerConfig config) {
        Map<String, String> raw = new HashMap<>();
        for (ConfigKey<?> key : StorageConfig.DEF.keys()) {
            String explicit = config.config().explicitValues().get(key.name());
            if (explicit != null) {
                raw.put(key.name(), explicit);
            }
        }
        return StorageConfig.fromMap(raw);
    }

    /** The partitions of this broker; available once the module started. */
    public PartitionManager partitionManager() {
        Verify.that(partitions != null, "partition module not started");
        return partitions;
    }

    /** The broker's one timer wheel for delayed operations; available once the module started. */
    public TimerWheel timer() {
        Verify.that(timer != null, "partition module not started");
        return timer;
    }

    @Override
    public void close() {
        if (partitions != null) {
            partitions.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (timer != null) {
            timer.close();
        }
    }
}
