package io.runnel.streams.runtime;

import io.runnel.common.Time;
import io.runnel.common.config.Config;
import io.runnel.streams.Pipeline;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.internals.Subtopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline against a Kafka-protocol cluster: creates the internal topics, then starts
 * {@code runnel.streams.threads} {@link StreamThread}s that share the work through the consumer group named by the
 * application id. Another worker with the same pipeline joins the group and takes over partitions: scaling out is
 * starting another worker.
 *
 * <p>Thread-safety: {@link #start()}, {@link #close()} and {@link #kill()} may be called from any thread; the worker
 * state they touch is guarded by {@code this}.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Pipeline pipeline;
    private final Config config;
    private final Time time;
    private final ProcessingMode mode;
    private final List<StreamThread> threads = new ArrayList<>();
    /** Partition count per subtopology id. */
    private final Map<Integer, Integer> taskCounts = new HashMap<>();

    public Worker(Pipeline pipeline, Map<String, String> settings) {
        this(pipeline, StreamsConfig.DEF.parse(settings), Time.SYSTEM);
    }

    public Worker(Pipeline pipeline, Config config, Time time) {
        this.pipeline = pipeline;
        this.config = config;
        this.time = time;
        this.mode = switch (config.get(StreamsConfig.MODE)) {
            case "micro-batch" -> ProcessingMode.MICRO_BATCH;
            case "bounded" -> ProcessingMode.BOUNDED;
            default -> ProcessingMode.RECORD;
        };
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    Config config() {
        return config;
    }

    Time time() {
        return time;
    }

    ProcessingMode mode() {
        return mode;
    }

    int taskCount(int subtopology) {
        return taskCounts.get(subtopology);
    }

    /** Creates missing topics, then starts the threads. */
    public synchronized void start() {
        prepareTopics();
        for (int i = 0; i < config.get(StreamsConfig.THREADS); i++) {
            StreamThread t = new StreamThread(this, i);
            threads.add(t);
            t.start();
        }
        log.info("Worker for {} started: {} threads, mode {}", pipeline.applicationId(), threads.size(), mode);
    }

    /** Stops gracefully: every thread commits and leaves the group. */
    @Override
    public synchronized void close() {
        threads.forEach(StreamThread::shutdown);
        threads.forEach(StreamThread::awaitExit);
    }

    /** Stops without committing: as a crash would, for failure tests. */
    public synchronized void kill() {
        threads.forEach(StreamThread::kill);
        threads.forEach(StreamThread::awaitExit);
    }

    /** Waits until every thread stopped (bounded mode stops by itself); returns the first failure, if any. */
    public Optional<Throwable> awaitTermination(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (StreamThread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            t.join(Math.max(1, left));
        }
        return failure();
    }

    public boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    public Optional<Throwable> failure() {
        return threads.stream().map(StreamThread::failure).filter(java.util.Objects::nonNull).findFirst();
    }

    /** Records processed by this worker's threads so far. */
    public long processedRecords() {
        return threads.stream().mapToLong(StreamThread::processedRecords).sum();
    }

    /**
     * Changelog and table records replayed into local stores when this worker's threads started tasks so far: the
     * whole changelog without a usable local checkpoint, only its tail with one.
     */
    public long restoredRecords() {
        return threads.stream().mapToLong(StreamThread::restoredRecords).sum();
    }

    Map<String, Object> clientSettings() {
        Map<String, Object> m = new HashMap<>();
        m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(StreamsConfig.BOOTSTRAP_SERVERS));
        return m;
    }

    private int taskCount(Subtopology st, Map<String, TopicDescription> described) {
        int count = -1;
        for (SourceDef s : st.sources()) {
            int c = s.kind() == SourceDef.Kind.REPARTITION ? taskCounts.get(st.upstreamOf(s.topic()))
                    : described.get(s.topic()).partitions().size();
            if (count != -1 && c != count) {
                throw new StreamsException("Topics " + st.sourceTopics() + " are read together (join or "
                        + "table lookup) and must have the same partition count");
            }
            count = c;
        }
        return count;
    }

    /**
     * A store's changelog: compacted; an append-only store's (chunks under keys never reused, entries that expire
     * without tombstones) deleted by time instead, its event-time retention plus the configured extra (-1,
     * unlimited, when that overflows).
     */
    Map<String, String> changelogConfigs(StoreDef store) {
        if (!store.appendOnly()) {
            return Map.of("cleanup.policy", "compact");
        }
        long extra = config.get(StreamsConfig.EXPIRING_CHANGELOG_EXTRA_RETENTION_MS);
        long retention = store.expiresAfterMs() > Long.MAX_VALUE - extra ? -1 : store.expiresAfterMs() + extra;
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention));
    }

    private void prepareTopics() {
        try (Admin admin = Admin.create(clientSettings())) {
            Set<String> external = pipeline.externalSourceTopics();
            Set<String> present = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String t : external) {
                if (!present.contains(t)) {
                    throw new StreamsException("Input topic " + t + " does not exist; create it first");
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(external).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            // A reader of repartition topics after all their writers: a join of two re-keyed streams reads
            // topics written by subtopologies numbered after it, so resolve in rounds until every count is known.
            while (taskCounts.size() < pipeline.subtopologies().size()) {
                int resolved = taskCounts.size();
                for (Subtopology st : pipeline.subtopologies()) {
                    if (!taskCounts.containsKey(st.id()) && st.sources().stream().allMatch(s ->
                            s.kind() != SourceDef.Kind.REPARTITION || taskCounts.containsKey(st.upstreamOf(s.topic())))) {
                        taskCounts.put(st.id(), taskCount(st, described));
                    }
                }
                if (taskCounts.size() == resolved) {
                    throw new StreamsException("Repartition topics of " + pipeline.applicationId() + " form a cycle");
                }
            }
            short rf = config.get(StreamsConfig.REPLICATION_FACTOR).shortValue();
            List<NewTopic> wanted = new ArrayList<>();
            for (Subtopology st : pipeline.subtopologies()) {
                int n = taskCounts.get(st.id());
                for (String t : st.repartitionTopicsWritten()) {
                    wanted.add(new NewTopic(t, n, rf));
                }
                for (StoreDef s : st.stores()) {
                    if (s.logged()) {
                        wanted.add(new NewTopic(s.changelogTopic(pipeline.applicationId()), n, rf)
                                .configs(changelogConfigs(s)));
                    }
                }
                for (String t : st.sinkTopics()) {
                    wanted.add(new NewTopic(t, n, rf));
                }
            }
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).distinct().toList();
            if (!missing.isEmpty()) {
                var result = admin.createTopics(missing);
                for (NewTopic t : missing) {
                    try {
                        result.values().get(t.name()).get(30, TimeUnit.SECONDS);
                        log.info("Created topic {} ({} partitions)", t.name(), t.numPartitions());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new StreamsException("Cannot prepare the topics of " + pipeline.applicationId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while preparing topics", e);
        }
    }
}
