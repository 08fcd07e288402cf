package io.runnel.broker.metadata;

import io.runnel.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata controller of a single node: validates each change against the current image, writes it as one
 * fsynced batch to the {@link MetadataLog}, applies it with the {@link MetadataStateMachine}, publishes the new
 * image, then tells every {@link MetadataListener}. A Raft-replicated log slots in under the same flow.
 *
 * <p>Threads: every change runs on the single "runnel-metadata" thread, so changes are serialized and listeners
 * see them in log order. {@link #image()} is a volatile read, safe from any thread. Futures complete on the
 * metadata thread after the listeners ran; callers must not block in their continuations.
 */
public final class MetadataService implements TopicCreator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);

    /** A sanity bound: more partitions than this on one node is a typo, not a plan. */
    private static final int PARTITIONS_MAX = 100_000;

    private final Path dir;
    private final BrokerRegistration self;
    private final TopicConfigValidator configValidator;
    private final Supplier<Uuid> ids;
    private final MetadataStateMachine stateMachine = new MetadataStateMachine();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;
    private MetadataLog log;
    private volatile MetadataImage image = MetadataImage.EMPTY;

    /**
     * @param ids source of new cluster and topic ids ({@link Uuid#randomUuid} in production; seeded in tests)
     */
    public MetadataService(Path dir, BrokerRegistration self, TopicConfigValidator configValidator,
            Supplier<Uuid> ids) {
        this.dir = dir;
        this.self = self;
        this.configValidator = configValidator;
        this.ids = ids;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "runnel-metadata");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers a listener; call before {@link #start()} to receive {@link MetadataListener#onImageLoaded}. */
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    /**
     * Replays the log, records the cluster id (fresh log) and this broker's registration, then tells the listeners
     * the loaded image. Returns when all of that is done.
     */
    public void start() throws IOException {
        try {
            thread.submit(() -> {
                startOnMetadataThread();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading metadata", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private void startOnMetadataThread() throws IOException {
        log = MetadataLog.openAndReplay(dir, stateMachine::apply);
        List<MetadataRecord> boot = new ArrayList<>();
        if (stateMachine.image().clusterId() == null) {
            boot.add(new MetadataRecord.ClusterId(ids.get().toString()));
        }
        BrokerRegistration registered = stateMachine.image().brokers().get(self.brokerId());
        if (!self.equals(registered)) {
            boot.add(new MetadataRecord.RegisterBroker(self.brokerId(), self.endpoints(), self.rack()));
        }
        if (!boot.isEmpty()) {
            stateMachine.apply(log.append(boot), boot);
        }
        image = stateMachine.image();
        LOG.info("Metadata loaded from {}: cluster {}, {} topics, {} records", log.file(), image.clusterId(),
                image.topicsByName().size(), log.nextOffset());
        for (MetadataListener listener : listeners) {
            try {
                listener.onImageLoaded(image);
            } catch (RuntimeException e) {
                // A listener that cannot load the image leaves the broker unable to serve: fail the start.
                throw new IllegalStateException("metadata listener " + listener + " failed to load the image", e);
            }
        }
    }

    /** The current image; a volatile read. */
    public MetadataImage image() {
        return image;
    }

    public String clusterId() {
        return image.clusterId();
    }

    public int brokerId() {
        return self.brokerId();
    }

    @Override
    public CompletableFuture<TopicImage> create(TopicSpec spec) {
        return createTopic(spec, false);
    }

    @Override
    public CompletableFuture<TopicImage> getOrCreate(TopicSpec spec) {
        TopicImage existing = image.topicsByName().get(spec.name());
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        return submit(() -> {
            TopicImage now = image.topicsByName().get(spec.name());
            return now != null ? now : doCreate(spec, false);
        });
    }

    /**
     * Creates a topic; with {@code validateOnly} only checks it and answers the image it would have (with a
     * random id that is not kept).
     */
    public CompletableFuture<TopicImage> createTopic(TopicSpec spec, boolean validateOnly) {
        return submit(() -> doCreate(spec, validateOnly));
    }

    private TopicImage doCreate(TopicSpec spec, boolean validateOnly) throws IOException {
        Topic.validate(spec.name());
        if (image.topicsByName().containsKey(spec.name())) {
            throw new TopicExistsException("Topic '" + spec.name() + "' already exists.");
        }
        for (String other : image.topicsByName().keySet()) {
            if (Topic.hasCollision(spec.name(), other)) {
                throw new InvalidTopicException("Topic '" + spec.name() + "' collides with existing topic '"
                        + other + "' ('.' and '_' are interchangeable in metric names).");
            }
        }
        throwIfBadPartitionCount(spec.partitions());
        throwIfInvalidConfigs(spec.configs());
        Uuid id = newTopicId();
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new MetadataRecord.Topic(spec.name(), id, spec.internal()));
        for (int p = 0; p < spec.partitions(); p++) {
            records.add(new MetadataRecord.Partition(id, p, self.brokerId(), 0));
        }
        spec.configs().forEach((k, v) -> records.add(new MetadataRecord.TopicConfig(id, k, v)));
        if (validateOnly) {
            List<PartitionImage> partitions = new ArrayList<>();
            for (int p = 0; p < spec.partitions(); p++) {
                partitions.add(new PartitionImage(p, self.brokerId(), 0));
            }
            return new TopicImage(spec.name(), id, partitions, spec.configs(), spec.internal());
        }
        commit(records);
        return image.topicsById().get(id);
    }

    /** Deletes a topic by name. Fails with UnknownTopicOrPartitionException. */
    public CompletableFuture<TopicImage> deleteTopic(String name) {
        return submit(() -> {
            TopicImage topic = image.topicsByName().get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
            }
            return doDelete(topic);
        });
    }

    /** Deletes a topic by id. Fails with UnknownTopicIdException. */
    public CompletableFuture<TopicImage> deleteTopic(Uuid id) {
        return submit(() -> {
            TopicImage topic = image.topicsById().get(id);
            if (topic == null) {
                throw new UnknownTopicIdException("Topic id " + id + " does not exist.");
            }
            return doDelete(topic);
        });
    }

    private TopicImage doDelete(TopicImage topic) throws IOException {
        commit(List.of(new MetadataRecord.RemoveTopic(topic.id())));
        return topic;
    }

    /** Grows a topic to {@code totalCount} partitions. Fails with InvalidPartitionsException or unknown topic. */
    public CompletableFuture<TopicImage> createPartitions(String name, int totalCount, boolean validateOnly) {
        return submit(() -> {
            TopicImage topic = image.topicsByName().get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
            }
            if (totalCount < topic.partitionCount()) {
                throw new InvalidPartitionsException("Topic currently has " + topic.partitionCount()
                        + " partitions, which is higher than the requested " + totalCount + ".");
            }
            if (totalCount == topic.partitionCount()) {
                throw new InvalidPartitionsException("Topic already has " + totalCount + " partitions.");
            }
            throwIfBadPartitionCount(totalCount);
            List<MetadataRecord> records = new ArrayList<>();
            for (int p = topic.partitionCount(); p < totalCount; p++) {
                records.add(new MetadataRecord.Partition(topic.id(), p, self.brokerId(), 0));
            }
            if (validateOnly) {
                return topic;
            }
            commit(records);
            return image.topicsById().get(topic.id());
        });
    }

    /**
     * Replaces a topic's overrides with {@code change.apply(current overrides)}, computed on the metadata thread so
     * that concurrent incremental changes compose. Fails with InvalidConfigurationException naming the key.
     */
    public CompletableFuture<TopicImage> alterTopicConfigs(String name, UnaryOperator<Map<String, String>> change,
            boolean validateOnly) {
        return submit(() -> {
            TopicImage topic = image.topicsByName().get(name);
            if (topic == null) {
                throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
            }
            Map<String, String> next = Objects.requireNonNull(change.apply(new HashMap<>(topic.configs())));
            throwIfInvalidConfigs(next);
            List<MetadataRecord> records = new ArrayList<>();
            for (String key : topic.configs().keySet()) {
                if (!next.containsKey(key)) {
                    records.add(new MetadataRecord.TopicConfig(topic.id(), key, null));
                }
            }
            next.forEach((k, v) -> {
                if (!v.equals(topic.configs().get(k))) {
                    records.add(new MetadataRecord.TopicConfig(topic.id(), k, v));
                }
            });
            if (validateOnly || records.isEmpty()) {
                return validateOnly ? new TopicImage(topic.name(), topic.id(), topic.partitions(), next,
                        topic.internal()) : topic;
            }
            commit(records);
            return image.topicsById().get(topic.id());
        });
    }

    private void throwIfBadPartitionCount(int count) {
        if (count < 1 || count > PARTITIONS_MAX) {
            throw new InvalidPartitionsException("Number of partitions must be in [1, " + PARTITIONS_MAX
                    + "], not " + count + ".");
        }
    }

    private void throwIfInvalidConfigs(Map<String, String> configs) {
        try {
            configValidator.validate(configs);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private Uuid newTopicId() {
        Uuid id;
        do {
            id = ids.get();
        } while (id.equals(Uuid.ZERO_UUID) || id.equals(Uuid.METADATA_TOPIC_ID) || image.topicsById().containsKey(id));
        return id;
    }

    /** Metadata thread: durable append, apply, publish, then listeners. */
    private void commit(List<MetadataRecord> records) throws IOException {
        long baseOffset = log.append(records);
        MetadataStateMachine.Delta delta = stateMachine.apply(baseOffset, records);
        image = stateMachine.image();
        for (MetadataListener listener : listeners) {
            notify(listener, delta);
        }
    }

    private void notify(MetadataListener listener, MetadataStateMachine.Delta delta) {
        try {
            delta.deleted().forEach(listener::onTopicDeleted);
            delta.created().forEach(listener::onTopicCreated);
            delta.partitionsAdded().forEach((id, added) -> listener.onPartitionsAdded(image.topicsById().get(id),
                    added));
            delta.configsChanged().forEach(id -> listener.onTopicConfigChanged(image.topicsById().get(id)));
        } catch (RuntimeException e) {
            LOG.error("Metadata listener {} failed on change at offset {}", listener, image.offset(), e);
        }
    }

    private interface MetadataTask<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> submit(MetadataTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(task.run());
                } catch (IOException e) {
                    LOG.error("Metadata log write failed", e);
                    result.completeExceptionally(new org.apache.kafka.common.errors.KafkaStorageException(
                            "metadata log write failed: " + e.getMessage(), e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new org.apache.kafka.common.errors.BrokerNotAvailableException(
                    "broker is shutting down"));
        }
        return result;
    }

    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Metadata thread did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (log != null) {
            log.close();
        }
    }
}
