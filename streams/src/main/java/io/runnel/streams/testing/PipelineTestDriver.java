package io.runnel.streams.testing;

import io.runnel.common.Time;
import io.runnel.common.Verify;
import io.runnel.streams.Pipeline;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.internals.ChangelogReader;
import io.runnel.streams.internals.CommitMetadata;
import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.StateRestorer;
import io.runnel.streams.internals.Subtopology;
import io.runnel.streams.internals.Task;
import io.runnel.streams.internals.TaskEnv;
import io.runnel.streams.internals.TaskId;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.ChangelogSink;
import io.runnel.streams.state.CommittableStore;
import io.runnel.streams.state.InMemoryKvBytesStore;
import io.runnel.streams.state.KvBytesStore;
import io.runnel.streams.state.RocksKvBytesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Runs a pipeline without a broker: topics are in-memory partitioned logs, time is a {@link ManualTime}, and the
 * real {@link Task}s (operators, stores, watermarks, changelogs, restore) process the records synchronously.
 *
 * <p>Records piped in are processed at once, including everything they cause downstream (repartition topics).
 * {@link #commit()} flushes stores and records committed offsets with their metadata, as a worker does;
 * {@link #crash()} drops all tasks without committing and restores them from the changelogs, then replays input
 * from the committed offsets: the at-least-once path of a real worker. Keys are partitioned like the Kafka default
 * partitioner (murmur2). Single-threaded.
 */
public final class PipelineTestDriver implements AutoCloseable {
    private final Pipeline pipeline;
    private final ManualTime time;
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final Map<String, List<List<Entry>>> topics = new HashMap<>();
    /** Every append in order: the driver delivers in this order. */
    private final List<Entry> appendOrder = new ArrayList<>();
    private final Map<String, Long> nextToDeliver = new HashMap<>();
    private final Map<String, Long> committedOffsets = new HashMap<>();
    private final Map<TaskId, CommitMetadata> committedMetadata = new HashMap<>();
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final Options options;
    /** In-memory local stores kept across crashes ({@link Options#withKeptLocalState()}), by "task/store". */
    private final Map<String, InMemoryKvBytesStore> keptStores = new HashMap<>();
    /** Every in-memory store opened so far, for {@link #storeEntries()} and {@link #storeEntriesVisited()}. */
    private final Set<InMemoryKvBytesStore> memoryStores = Collections.newSetFromMap(new IdentityHashMap<>());
    private long restoredRecords;
    private int cursor;
    private long lateRecords;
    private boolean running;

    /** Driver settings; immutable. */
    public record Options(int defaultPartitions, Map<String, Integer> partitions, ProcessingMode mode,
                          long idleTimeoutMs, Path rocksDbDir, int cacheEntriesMax, boolean keepLocalState) {
        public static Options defaults() {
            return new Options(1, Map.of(), ProcessingMode.RECORD, Long.MAX_VALUE / 4, null, 1000, false);
        }

        /**
         * Local stores survive {@link #crash()}, as a restarted worker finds its state directory: tasks restore only
         * the changelog after each store's checkpoint. Default: every start restores from empty stores.
         */
        public Options withKeptLocalState() {
            return new Options(defaultPartitions, partitions, mode, idleTimeoutMs, rocksDbDir, cacheEntriesMax, true);
        }

        public Options withPartitions(String topic, int count) {
            Map<String, Integer> p = new HashMap<>(partitions);
            p.put(topic, count);
            return new Options(defaultPartitions, p, mode, idleTimeoutMs, rocksDbDir, cacheEntriesMax, keepLocalState);
        }

        public Options withIdleTimeoutMs(long ms) {
            return new Options(defaultPartitions, partitions, mode, ms, rocksDbDir, cacheEntriesMax, keepLocalState);
        }

        /** Stores in RocksDB under {@code dir} instead of memory. */
        public Options withRocksDb(Path dir) {
            return new Options(defaultPartitions, partitions, mode, idleTimeoutMs, dir, cacheEntriesMax, keepLocalState);
        }

        public Options withCacheEntriesMax(int max) {
            return new Options(defaultPartitions, partitions, mode, idleTimeoutMs, rocksDbDir, max, keepLocalState);
        }

        public Options withMode(ProcessingMode m) {
            return new Options(defaultPartitions, partitions, m, idleTimeoutMs, rocksDbDir, cacheEntriesMax, keepLocalState);
        }
    }

    private record Entry(String topic, int partition, long offset, byte[] key, byte[] value, long timestampMs,
                         int markerWriter, long markerWatermarkMs, boolean markerIdle, int writer, long sequence) {
    }

    public PipelineTestDriver(Pipeline pipeline) {
        this(pipeline, Options.defaults());
    }

    public PipelineTestDriver(Pipeline pipeline, Options options) {
        this.pipeline = pipeline;
        this.options = options;
        this.time = new ManualTime(0);
        partitionCounts.putAll(options.partitions());
        for (Subtopology st : pipeline.subtopologies()) {
            for (SourceDef s : st.sources()) {
                if (s.kind() == SourceDef.Kind.REPARTITION) {
                    partitionCounts.putIfAbsent(s.topic(),
                            taskCount(pipeline.subtopologies().get(st.upstreamOf(s.topic()))));
                }
            }
        }
        for (Subtopology st : pipeline.subtopologies()) {
            for (var store : st.stores()) {
                partitionCounts.putIfAbsent(store.changelogTopic(pipeline.applicationId()), taskCount(st));
            }
        }
        startTasks();
    }

    public ManualTime time() {
        return time;
    }

    /** Appends a record to {@code topic} (partitioned by key) and processes everything it causes. */
    public <K, V> void pipe(String topic, K key, V value, long timestampMs, Serde<K> keySerde, Serde<V> valueSerde) {
        byte[] k = keySerde.serialize(key);
        append(topic, partitionFor(topic, k), k, valueSerde.serialize(value), timestampMs, -1, 0);
        run();
    }

    /** Appends to an explicit partition. */
    public <K, V> void pipe(String topic, int partition, K key, V value, long timestampMs, Serde<K> keySerde,
                            Serde<V> valueSerde) {
        append(topic, partition, keySerde.serialize(key), valueSerde.serialize(value), timestampMs, -1, 0);
        run();
    }

    /**
     * Moves processing time; idle inputs stop holding watermarks back. In micro-batch mode this is the trigger:
     * watermarks advance, buffered updates are emitted and the driver commits.
     */
    public void advanceTime(long ms) {
        time.advance(ms);
        for (Task t : tasks.values()) {
            t.advanceWatermark();
        }
        run();
        if (options.mode() == ProcessingMode.MICRO_BATCH) {
            commit();
        }
    }

    /** Bounded end: every task's event time jumps to the end, closing all windows. */
    public void endOfInput() {
        for (Subtopology st : pipeline.subtopologies()) {
            for (Task t : tasks.values()) {
                if (t.id().subtopology() == st.id()) {
                    t.endOfInput();
                }
            }
            run();
        }
    }

    /** As a worker's commit: flush operators and stores, then record input offsets with commit metadata. */
    public void commit() {
        for (Task t : tasks.values()) {
            t.prepareCommit();
        }
        run();
        for (Task t : tasks.values()) {
            t.prepareCommit();
        }
        for (Task t : tasks.values()) {
            Map<String, Long> ends = new HashMap<>();
            for (var s : t.subtopology().stores()) {
                if (s.logged()) {
                    ends.put(s.name(), endOffset(s.changelogTopic(pipeline.applicationId()), t.id().partition()));
                }
            }
            committedMetadata.put(t.id(), t.commitMetadata(ends));
            for (Map.Entry<String, Long> e : t.nextOffsets().entrySet()) {
                committedOffsets.put(tp(e.getKey(), t.id().partition()), e.getValue());
            }
            t.commitStores(ends);
        }
    }

    /**
     * Kills every task without committing (whatever they wrote stays in the topics, as with a crashed worker),
     * then restores from the changelogs and reprocesses from the committed offsets.
     */
    public void crash() {
        for (Task t : tasks.values()) {
            t.close();
        }
        tasks.clear();
        lateRecords = 0;
        startTasks();
    }

    public <K, V> List<TestRecord<K, V>> read(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        List<TestRecord<K, V>> out = new ArrayList<>();
        for (Entry e : appendOrder) {
            if (e.topic.equals(topic) && e.markerWriter < 0) {
                out.add(new TestRecord<>(keySerde.deserialize(e.key), valueSerde.deserialize(e.value), e.timestampMs,
                        e.partition));
            }
        }
        return out;
    }

    /** Changelog and table records replayed into local stores by every task start so far. */
    public long restoredRecords() {
        return restoredRecords;
    }

    /** Replayed repartition records the current tasks recognised and skipped. */
    public long duplicatesDropped() {
        return tasks.values().stream().mapToLong(Task::duplicatesDropped).sum();
    }

    /** Late records counted by all current tasks. */
    public long lateRecords() {
        return lateRecords + tasks.values().stream().mapToLong(Task::lateRecords).sum();
    }

    /**
     * Entries in the in-memory local stores of every task started so far (RocksDB stores are not counted): the
     * committed state, so call after {@link #commit()}.
     */
    public long storeEntries() {
        return memoryStores.stream().filter(s -> !s.closed()).mapToLong(InMemoryKvBytesStore::size).sum();
    }

    /** Entries the operators' range scans visited in the in-memory local stores, over all tasks started so far. */
    public long storeEntriesVisited() {
        return memoryStores.stream().mapToLong(InMemoryKvBytesStore::entriesVisited).sum();
    }

    public long watermark(int subtopology, int partition) {
        return tasks.get(new TaskId(subtopology, partition)).watermark();
    }

    @Override
    public void close() {
        for (Task t : tasks.values()) {
            t.close();
        }
        tasks.clear();
    }

    // ---- internals ----

    private void startTasks() {
        Env env = new Env();
        for (Subtopology st : pipeline.subtopologies()) {
            for (int p = 0; p < taskCount(st); p++) {
                TaskId id = new TaskId(st.id(), p);
                Task task = new Task(id, st, env);
                Map<String, Long> offsets = new HashMap<>();
                for (String topic : st.sourceTopics()) {
                    Long off = committedOffsets.get(tp(topic, p));
                    if (off != null) {
                        offsets.put(topic, off);
                    }
                }
                CommitMetadata meta = committedMetadata.get(id);
                StateRestorer.restore(task, meta, offsets, env);
                restoredRecords += task.restoredRecords();
                task.start(meta);
                tasks.put(id, task);
            }
        }
        nextToDeliver.clear();
        nextToDeliver.putAll(committedOffsets);
        cursor = 0;
        run();
    }

    private int taskCount(Subtopology st) {
        int n = 0;
        for (String topic : st.sourceTopics()) {
            int c = partitions(topic);
            Verify.that(n == 0 || n == c, "topics %s of one subtopology must have equal partition counts",
                    st.sourceTopics());
            n = c;
        }
        return n;
    }

    private int partitions(String topic) {
        return partitionCounts.getOrDefault(topic, options.defaultPartitions());
    }

    private int partitionFor(String topic, byte[] key) {
        int n = partitions(topic);
        return key == null ? 0 : Utils.toPositive(Utils.murmur2(key)) % n;
    }

    private static String tp(String topic, int partition) {
        return topic + "#" + partition;
    }

    private void append(String topic, int partition, byte[] key, byte[] value, long ts, int markerWriter, long wm) {
        append(topic, partition, key, value, ts, markerWriter, wm, false, -1, -1);
    }

    private void append(String topic, int partition, byte[] key, byte[] value, long ts, int markerWriter, long wm,
                        boolean markerIdle, int writer, long sequence) {
        List<List<Entry>> parts = topics.computeIfAbsent(topic, t -> {
            List<List<Entry>> l = new ArrayList<>();
            for (int i = 0; i < partitions(t); i++) {
                l.add(new ArrayList<>());
            }
            return l;
        });
        List<Entry> log = parts.get(partition);
        Entry e = new Entry(topic, partition, log.size(), key, value, ts, markerWriter, wm, markerIdle, writer,
                sequence);
        log.add(e);
        appendOrder.add(e);
    }

    private long endOffset(String topic, int partition) {
        List<List<Entry>> parts = topics.get(topic);
        return parts == null ? 0 : parts.get(partition).size();
    }

    /** Delivers pending appends in order until quiet. Re-entrant calls return at once. */
    private void run() {
        if (running) {
            return;
        }
        running = true;
        try {
            while (cursor < appendOrder.size()) {
                Entry e = appendOrder.get(cursor++);
                Subtopology st = pipeline.subtopologyReading(e.topic);
                if (st == null) {
                    continue;
                }
                String key = tp(e.topic, e.partition);
                if (e.offset < nextToDeliver.getOrDefault(key, 0L)) {
                    continue;
                }
                nextToDeliver.put(key, e.offset + 1);
                Task t = tasks.get(new TaskId(st.id(), e.partition));
                if (e.markerWriter >= 0) {
                    t.processMarker(e.topic, e.offset, e.markerWriter, e.markerWatermarkMs, e.markerIdle);
                } else {
                    t.process(e.topic, e.offset, e.timestampMs, e.key, e.value, e.writer, e.sequence);
                }
            }
        } finally {
            running = false;
        }
    }

    /** The TaskEnv, ChangelogReader and ChangelogSink of every task. */
    private final class Env implements TaskEnv, ChangelogReader, ChangelogSink {
        @Override
        public String applicationId() {
            return pipeline.applicationId();
        }

        @Override
        public Time time() {
            return time;
        }

        @Override
        public ProcessingMode mode() {
            return options.mode();
        }

        @Override
        public long idleTimeoutMs() {
            return options.idleTimeoutMs();
        }

        @Override
        public long watermarkIntervalMs() {
            return 0;
        }

        @Override
        public int cacheEntriesMax() {
            return options.cacheEntriesMax();
        }

        @Override
        public void send(String topic, byte[] key, byte[] value, long timestampMs) {
            append(topic, partitionFor(topic, key), key, value, timestampMs, -1, 0);
        }

        @Override
        public void sendRepartition(String topic, byte[] key, byte[] value, long timestampMs, int writer,
                                    long sequence) {
            append(topic, partitionFor(topic, key), key, value, timestampMs, -1, 0, false, writer, sequence);
        }

        @Override
        public void sendWatermark(String topic, int sourceIndex, long watermarkMs, boolean idle) {
            for (int p = 0; p < partitions(topic); p++) {
                append(topic, p, null, null, 0, sourceIndex, watermarkMs, idle, -1, -1);
            }
        }

        @Override
        public boolean caughtUp(String topic, int partition) {
            return true; // records are delivered synchronously: nothing is ever waiting to be fetched
        }

        @Override
        public CommittableStore openStore(TaskId id, String storeName) {
            if (options.rocksDbDir() == null) {
                InMemoryKvBytesStore store = options.keepLocalState()
                        ? keptStores.computeIfAbsent(id + "/" + storeName, k -> new InMemoryKvBytesStore()).reopen()
                        : new InMemoryKvBytesStore();
                memoryStores.add(store);
                return store;
            }
            Path dir = options.rocksDbDir().resolve(id.toString()).resolve(storeName);
            return options.keepLocalState() ? RocksKvBytesStore.persistent(dir) : new RocksKvBytesStore(dir);
        }

        @Override
        public ChangelogSink changelog() {
            return this;
        }

        @Override
        public int writerCount(String repartitionTopic) {
            Subtopology reader = pipeline.subtopologyReading(repartitionTopic);
            return taskCount(pipeline.subtopologies().get(reader.upstreamOf(repartitionTopic)));
        }

        @Override
        public void log(String topic, int partition, byte[] key, byte[] value) {
            append(topic, partition, key, value, time.nowMs(), -1, 0);
        }

        @Override
        public long endOffset(String topic, int partition) {
            return PipelineTestDriver.this.endOffset(topic, partition);
        }

        @Override
        public void read(String topic, int partition, long fromOffset, long toOffset, RecordVisitor visitor) {
            List<List<Entry>> parts = topics.get(topic);
            if (parts == null) {
                return;
            }
            List<Entry> log = parts.get(partition);
            for (long o = fromOffset; o < Math.min(toOffset, log.size()); o++) {
                Entry e = log.get((int) o);
                visitor.accept(o, e.key, e.value);
            }
        }
    }
}
