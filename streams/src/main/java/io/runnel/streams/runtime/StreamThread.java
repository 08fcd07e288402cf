package io.runnel.streams.runtime;

import io.runnel.common.Time;
import io.runnel.common.config.Config;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.internals.ChangelogReader;
import io.runnel.streams.internals.CommitMetadata;
import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.StateRestorer;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.internals.Subtopology;
import io.runnel.streams.internals.Task;
import io.runnel.streams.internals.TaskEnv;
import io.runnel.streams.internals.TaskId;
import io.runnel.streams.state.ChangelogSink;
import io.runnel.streams.state.CommittableStore;
import io.runnel.streams.state.RocksKvBytesStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread of a worker: a group consumer for the pipeline's input and repartition topics, a producer
 * for outputs, repartition records and changelogs, a restore consumer, and the tasks of the partitions the group
 * assigned to it.
 *
 * <p>At-least-once commit protocol ({@link #commitAll()}): operators and store caches flush into the producer, the
 * producer is flushed (every output and changelog record acknowledged), then the input offsets are committed
 * together with each task's {@link CommitMetadata} (watermark, changelog end offsets). Exactly-once later replaces the
 * last two steps with a transaction (sendOffsetsToTransaction + commit); nothing else changes.
 *
 * <p>Tasks are created on assignment and restored from their changelogs before any record is processed; the range
 * assignor (client-side under the classic group protocol, the broker's under KIP-848, {@link
 * #groupProtocolSettings}) keeps partition p of co-partitioned topics on one thread. Under KIP-848 the listener
 * hears only the partitions added or taken away, so tasks are created and dropped per partition, never all at once. Everything here runs on this thread
 * except producer callbacks (which only touch {@link ChangelogPartition#ackedEnd} and {@link #sendError}, both
 * thread-safe) and the producer's send calls, which this thread's {@link SendHandoff} makes in order on a thread of
 * its own (a flush waits for them).
 */
final class StreamThread extends Thread implements TaskEnv, ChangelogSink, ChangelogReader {
    private static final Logger log = LoggerFactory.getLogger(StreamThread.class);

    private final Worker worker;
    private final Config config;
    private final Time time;
    private final ProcessingMode mode;
    private final StateDirectory stateDirectory;
    /** Pending store changes (flushed, not committed) over all tasks that make the thread commit early. */
    private final long pendingEntriesMax;
    // read per record (watermark advance) and per watermark: resolved once, not looked up in the config each time
    private final long idleTimeoutMs;
    private final long watermarkIntervalMs;
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final Map<TaskId, Map<String, Long>> restoredEnds = new HashMap<>();
    /** Per changelog topic, its partitions' callbacks (created at the first send); this thread only. */
    private final Map<String, ChangelogPartition[]> changelogPartitions = new HashMap<>();
    private final Map<TopicPartition, Long> boundedEnds = new HashMap<>();
    private final Set<TaskId> finished = new HashSet<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    /** One callback for every output and repartition send: a per-record lambda would allocate per record. */
    private final Callback sendCallback = (metadata, e) -> {
        if (e != null) {
            sendError.compareAndSet(null, e);
        }
    };
    private volatile boolean running = true;
    private volatile boolean killed;
    private volatile Throwable failure;
    private volatile long processed;
    private volatile long restored;
    /** Keys and values stay where the fetch put them (views into its buffer): the sources read them in place. */
    private KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    private KafkaConsumer<byte[], byte[]> restoreConsumer;
    private final LagPerPoll lagPerPoll = new LagPerPoll(tp -> consumer.currentLag(tp));
    private KafkaProducer<byte[], byte[]> producer;
    /** Every send goes through this: in order, on a sender thread of this thread's (or directly, if configured). */
    private SendHandoff sends;

    StreamThread(Worker worker, int index) {
        super("runnel-streams-" + worker.pipeline().applicationId() + "-" + index);
        this.worker = worker;
        this.config = worker.config();
        this.time = worker.time();
        this.mode = worker.mode();
        this.stateDirectory = new StateDirectory(Path.of(config.get(StreamsConfig.STATE_DIR)),
                worker.pipeline().applicationId());
        this.pendingEntriesMax = 10L * config.get(StreamsConfig.CACHE_ENTRIES_MAX);
        this.idleTimeoutMs = config.get(StreamsConfig.IDLE_TIMEOUT_MS);
        this.watermarkIntervalMs = config.get(StreamsConfig.WATERMARK_INTERVAL_MS);
    }

    void shutdown() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    void kill() {
        killed = true;
        shutdown();
    }

    void awaitExit() {
        try {
            join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Throwable failure() {
        return failure;
    }

    long processedRecords() {
        return processed;
    }

    long restoredRecords() {
        return restored;
    }

    @Override
    public void run() {
        try {
            openClients();
            consumer.subscribe(worker.pipeline().sourceTopics(), new Rebalance());
            loop();
            if (!killed) {
                commitAll();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            } else if (!killed) {
                commitQuietly();
            }
        } catch (Exception | Error e) {
            failure = e;
            log.error("Thread {} failed; its tasks stop and restart elsewhere from the last commit", getName(), e);
        } finally {
            closeAll();
        }
    }

    private void loop() {
        long lastCommitMs = time.nowMs();
        long lastTriggerMs = time.nowMs();
        long commitIntervalMs = config.get(StreamsConfig.COMMIT_INTERVAL_MS);
        long triggerMs = config.get(StreamsConfig.TRIGGER_INTERVAL_MS);
        while (running) {
            sends.handOver(); // what the last round sent, before the poll may wait
            ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(100));
            lagPerPoll.newPoll();
            for (TopicPartition tp : records.partitions()) {
                dispatch(tp, records.records(tp));
            }
            processed += records.count();
            throwIfSendFailed();
            long now = time.nowMs();
            if (mode == ProcessingMode.MICRO_BATCH) {
                if (now - lastTriggerMs >= triggerMs || pendingStoreEntries() > pendingEntriesMax) {
                    tasks.values().forEach(Task::advanceWatermark);
                    commitAll();
                    lastTriggerMs = now;
                }
                continue;
            }
            tasks.values().forEach(Task::advanceWatermark); // idle inputs
            if (mode == ProcessingMode.BOUNDED && checkBoundedDone()) {
                log.info("Thread {}: bounded input consumed, final results written", getName());
                return;
            }
            if (now - lastCommitMs >= commitIntervalMs || pendingStoreEntries() > pendingEntriesMax) {
                commitAll();
                lastCommitMs = now;
            }
        }
    }

    /** Feeds one partition's share of a poll to its task; the task and input are resolved once per batch. */
    private void dispatch(TopicPartition tp, List<ConsumerRecord<ByteBuffer, ByteBuffer>> batch) {
        Subtopology st = worker.pipeline().subtopologyReading(tp.topic());
        Task task = tasks.get(new TaskId(st.id(), tp.partition()));
        if (task == null) {
            return; // revoked while the poll was in flight
        }
        Task.Input input = task.input(tp.topic());
        if (!input.repartition()) {
            for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
                task.process(input, r.offset(), r.timestamp(), r.key(), r.value(), -1, -1);
            }
            return;
        }
        for (ConsumerRecord<ByteBuffer, ByteBuffer> r : batch) {
            Header seq = WatermarkMarkers.sequence(r.headers()); // data records first: markers are rare
            Header wm = seq == null ? WatermarkMarkers.watermark(r.headers()) : null;
            if (wm != null) {
                task.processMarker(r.topic(), r.offset(), WatermarkMarkers.writerOf(r.headers()),
                        WatermarkMarkers.watermarkOf(wm), WatermarkMarkers.idle(r.headers()));
            } else if (seq != null) {
                task.process(input, r.offset(), r.timestamp(), r.key(), r.value(),
                        WatermarkMarkers.writerOf(seq, r.headers()), WatermarkMarkers.sequenceOf(seq));
            } else {
                task.process(input, r.offset(), r.timestamp(), r.key(), r.value(), -1, -1);
            }
        }
    }

    private long pendingStoreEntries() {
        long n = 0;
        for (Task t : tasks.values()) {
            n += t.pendingStoreEntries();
        }
        return n;
    }

    /** Bounded mode: a task is done when its direct inputs reached their end offsets and its upstreams finished. */
    private boolean checkBoundedDone() {
        if (tasks.isEmpty()) {
            return false;
        }
        boolean all = true;
        for (Task t : tasks.values()) {
            if (finished.contains(t.id())) {
                continue;
            }
            boolean done = t.upstreamComplete();
            for (SourceDef s : t.subtopology().sources()) {
                if (s.kind() == SourceDef.Kind.REPARTITION) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(s.topic(), t.id().partition());
                Long end = boundedEnds.get(tp);
                if (end != null && consumer.position(tp) < end) {
                    done = false;
                }
            }
            if (done) {
                t.endOfInput();
                finished.add(t.id());
                commitAll();
            } else {
                all = false;
            }
        }
        return all;
    }

    private void commitAll() {
        if (tasks.isEmpty()) {
            return;
        }
        for (Task t : tasks.values()) {
            t.prepareCommit();
        }
        sends.flush();
        throwIfSendFailed();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Task, Map<String, Long>> committedEnds = new HashMap<>();
        for (Task t : tasks.values()) {
            if (t.nextOffsets().isEmpty()) {
                continue;
            }
            Map<String, Long> ends = new HashMap<>(restoredEnds.getOrDefault(t.id(), Map.of()));
            for (StoreDef s : t.subtopology().stores()) {
                if (s.logged()) {
                    long acked = ackedEnd(s.changelogTopic(applicationId()), t.id().partition());
                    if (acked >= 0) {
                        ends.merge(s.name(), acked, Math::max);
                    }
                }
            }
            committedEnds.put(t, ends);
            String meta = t.commitMetadata(ends).encode();
            for (Map.Entry<String, Long> e : t.nextOffsets().entrySet()) {
                offsets.put(new TopicPartition(e.getKey(), t.id().partition()), new OffsetAndMetadata(e.getValue(), meta));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        // Only now may local stores hold the flushed changes: they are in the changelog and the input is committed.
        committedEnds.forEach(Task::commitStores);
    }

    private void commitQuietly() {
        try {
            commitAll();
        } catch (RuntimeException e) {
            log.warn("Thread {}: final commit failed; the next owner reprocesses from the previous commit", getName(), e);
        }
    }

    private void throwIfSendFailed() {
        Exception e = sendError.get();
        if (e != null) {
            throw new StreamsException("A send failed; stopping before committing offsets past it", e);
        }
    }

    private void openClients() {
        Map<String, Object> common = worker.clientSettings();
        Map<String, Object> c = new HashMap<>(common);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putAll(groupProtocolSettings(config.get(StreamsConfig.GROUP_PROTOCOL)));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.get(StreamsConfig.MAX_POLL_RECORDS));
        // 4 MiB per partition (default 1 MiB): fewer, larger fetches (Nexmark q3 +8%); max.poll.records is sized so a
        // poll still empties a fetch of a few such partitions (decision 0080)
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, getName());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        Map<String, Object> r = new HashMap<>(common);
        r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        r.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        r.put(ConsumerConfig.CLIENT_ID_CONFIG, getName() + "-restore");
        r.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        r.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        r.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        restoreConsumer = new KafkaConsumer<>(r);
        Map<String, Object> p = new HashMap<>(common);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Per-partition order matters (markers after data, changelog order). With idempotence the cluster keeps it
        // with 5 requests in flight; without (a cluster lacking producer ids), only one request may be in flight.
        boolean idempotent = config.get(StreamsConfig.PRODUCER_IDEMPOTENCE);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, idempotent ? 5 : 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, config.get(StreamsConfig.PRODUCER_LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, getName() + "-producer");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        sends = new SendHandoff(producer, !sendThread(config.get(StreamsConfig.SEND_THREAD)), getName() + "-sends",
                e -> sendError.compareAndSet(null, e));
    }

    /** Whether sends get a thread of their own: "auto" only for a pipeline without state stores (decision 0079). */
    private boolean sendThread(String setting) {
        return switch (setting) {
            case "true" -> true;
            case "false" -> false;
            default -> worker.pipeline().subtopologies().stream().allMatch(st -> st.stores().isEmpty());
        };
    }

    /**
     * The group consumer's protocol settings. Both keep partition p of every input topic of a subtopology on one
     * member (the worker checked that they have the same partition count): the classic protocol with the client-side
     * range assignor, KIP-848 with the broker's range assignor (the client may not name a client-side one then).
     */
    static Map<String, Object> groupProtocolSettings(String protocol) {
        return switch (protocol) {
            case "classic" -> Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            case "consumer" -> Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                    ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");
            default -> throw new IllegalArgumentException("Unknown group protocol " + protocol);
        };
    }

    private void closeAll() {
        for (Task t : tasks.values()) {
            closeTask(t);
        }
        tasks.clear();
        Duration timeout = killed ? Duration.ZERO : Duration.ofSeconds(10);
        if (sends != null) {
            sends.close(killed);
        }
        if (producer != null) {
            producer.close(timeout);
        }
        if (restoreConsumer != null) {
            restoreConsumer.close(timeout);
        }
        if (consumer != null) {
            consumer.close(timeout);
        }
        stateDirectory.releaseAll();
    }

    private void closeTask(Task t) {
        try {
            t.close();
        } catch (RuntimeException e) {
            log.warn("Task {}: closing its stores failed", t.id(), e);
        }
        stateDirectory.release(t.id());
    }

    /** Creates and restores tasks on assignment; commits and drops them on revocation. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!killed && !partitions.isEmpty()) {
                commitAll();
            }
            dropTasks(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            dropTasks(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TaskId, List<TopicPartition>> byTask = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                Subtopology st = worker.pipeline().subtopologyReading(tp.topic());
                byTask.computeIfAbsent(new TaskId(st.id(), tp.partition()), k -> new ArrayList<>()).add(tp);
            }
            for (Map.Entry<TaskId, List<TopicPartition>> e : byTask.entrySet()) {
                if (!tasks.containsKey(e.getKey())) {
                    createTask(e.getKey(), e.getValue());
                }
            }
            sends.flush(); // rollback records of restored stores
        }

        private void dropTasks(Collection<TopicPartition> partitions) {
            Set<TaskId> gone = new HashSet<>();
            for (TopicPartition tp : partitions) {
                Subtopology st = worker.pipeline().subtopologyReading(tp.topic());
                gone.add(new TaskId(st.id(), tp.partition()));
            }
            for (TaskId id : gone) {
                Task t = tasks.remove(id);
                if (t != null) {
                    closeTask(t);
                }
                restoredEnds.remove(id);
                finished.remove(id);
            }
        }
    }

    private void createTask(TaskId id, List<TopicPartition> inputs) {
        Subtopology st = worker.pipeline().subtopologies().get(id.subtopology());
        Task task = new Task(id, st, this);
        Set<TopicPartition> all = new HashSet<>();
        for (String topic : st.sourceTopics()) {
            all.add(new TopicPartition(topic, id.partition()));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
        CommitMetadata meta = null;
        Map<String, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getValue() != null) {
                offsets.put(e.getKey().topic(), e.getValue().offset());
                if (meta == null) {
                    meta = CommitMetadata.decode(e.getValue().metadata());
                }
            }
        }
        long startNs = System.nanoTime();
        restoredEnds.put(id, StateRestorer.restore(task, meta, offsets, this));
        task.start(meta);
        tasks.put(id, task);
        restored += task.restoredRecords();
        log.info("Task {} restored {} records in {} ms (committed watermark {}, {} state directory)", id,
                task.restoredRecords(), (System.nanoTime() - startNs) / 1_000_000,
                meta == null ? "none" : meta.watermarkMs(), stateDirectory.kept(id) ? "kept" : "scratch");
        if (mode == ProcessingMode.BOUNDED) {
            setBoundedRange(st, id.partition(), offsets);
        }
    }

    private void setBoundedRange(Subtopology st, int partition, Map<String, Long> committed) {
        long fromMs = config.get(StreamsConfig.BOUNDED_FROM_MS);
        long toMs = config.get(StreamsConfig.BOUNDED_TO_MS);
        for (SourceDef s : st.sources()) {
            if (s.kind() == SourceDef.Kind.REPARTITION) {
                continue;
            }
            TopicPartition tp = new TopicPartition(s.topic(), partition);
            if (boundedEnds.containsKey(tp)) {
                continue;
            }
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (toMs >= 0) {
                OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, toMs)).get(tp);
                if (at != null) {
                    end = Math.min(end, at.offset());
                }
            }
            boundedEnds.put(tp, end);
            if (fromMs >= 0 && !committed.containsKey(s.topic())) {
                OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, fromMs)).get(tp);
                consumer.seek(tp, at == null ? end : at.offset());
            }
        }
    }

    // ---- TaskEnv ----

    @Override
    public String applicationId() {
        return worker.pipeline().applicationId();
    }

    @Override
    public Time time() {
        return time;
    }

    @Override
    public ProcessingMode mode() {
        return mode;
    }

    @Override
    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    @Override
    public long watermarkIntervalMs() {
        return watermarkIntervalMs;
    }

    @Override
    public int cacheEntriesMax() {
        return config.get(StreamsConfig.CACHE_ENTRIES_MAX);
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestampMs) {
        sends.send(new ProducerRecord<>(topic, null, timestampMs < 0 ? null : timestampMs, key, value),
                sendCallback);
    }

    @Override
    public void sendRepartition(String topic, byte[] key, byte[] value, long timestampMs, int writer,
                                long sequence) {
        sends.send(new ProducerRecord<>(topic, null, timestampMs < 0 ? null : timestampMs, key, value,
                WatermarkMarkers.sequenceHeaders(writer, sequence)), sendCallback);
    }

    @Override
    public void sendWatermark(String topic, int sourceIndex, long watermarkMs, boolean idle) {
        int n = partitionCounts.computeIfAbsent(topic, t -> producer.partitionsFor(t).size());
        for (int p = 0; p < n; p++) {
            sends.send(new ProducerRecord<>(topic, p, null, null, null,
                    WatermarkMarkers.headers(sourceIndex, watermarkMs, idle)), sendCallback);
        }
    }

    @Override
    public boolean caughtUp(String topic, int partition) {
        return lagPerPoll.caughtUp(new TopicPartition(topic, partition));
    }

    @Override
    public CommittableStore openStore(TaskId id, String storeName) {
        Path dir = stateDirectory.lock(id).resolve(storeName);
        return stateDirectory.kept(id) ? RocksKvBytesStore.persistent(dir) : new RocksKvBytesStore(dir);
    }

    @Override
    public ChangelogSink changelog() {
        return this;
    }

    @Override
    public int writerCount(String repartitionTopic) {
        Subtopology reader = worker.pipeline().subtopologyReading(repartitionTopic);
        return worker.taskCount(reader.upstreamOf(repartitionTopic));
    }

    // ---- ChangelogSink ----

    @Override
    public void log(String topic, int partition, byte[] key, byte[] value) {
        sends.send(new ProducerRecord<>(topic, partition, key, value), changelogPartition(topic, partition));
    }

    private ChangelogPartition changelogPartition(String topic, int partition) {
        ChangelogPartition[] partitions = changelogPartitions.get(topic);
        if (partitions == null || partition >= partitions.length) {
            partitions = partitions == null ? new ChangelogPartition[partition + 1]
                    : Arrays.copyOf(partitions, partition + 1);
            changelogPartitions.put(topic, partitions);
        }
        ChangelogPartition p = partitions[partition];
        if (p == null) {
            p = new ChangelogPartition();
            partitions[partition] = p;
        }
        return p;
    }

    /** The end offset the producer acknowledged for a changelog partition, -1 before any. */
    private long ackedEnd(String topic, int partition) {
        ChangelogPartition[] partitions = changelogPartitions.get(topic);
        return partitions == null || partition >= partitions.length || partitions[partition] == null ? -1
                : partitions[partition].ackedEnd.get();
    }

    /**
     * The callback of every send to one changelog partition: a callback object and a map entry per record (a
     * {@code TopicPartition}, a lambda and a boxed offset each) were a few percent of a stateful task's thread.
     */
    private final class ChangelogPartition implements Callback {
        /** Written by the producer's I/O thread, read by this thread after a flush. */
        final AtomicLong ackedEnd = new AtomicLong(-1);

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                sendError.compareAndSet(null, e);
            } else {
                ackedEnd.accumulateAndGet(metadata.offset() + 1, Math::max);
            }
        }
    }

    // ---- ChangelogReader (restore) ----

    @Override
    public long endOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return restoreConsumer.endOffsets(List.of(tp)).get(tp);
    }

    @Override
    public void read(String topic, int partition, long fromOffset, long toOffset, RecordVisitor visitor) {
        if (fromOffset >= toOffset) {
            return;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        restoreConsumer.assign(List.of(tp));
        restoreConsumer.seek(tp, fromOffset);
        long deadlineMs = time.nowMs() + 300_000;
        while (restoreConsumer.position(tp) < toOffset) {
            if (time.nowMs() > deadlineMs) {
                throw new StreamsException("Restoring " + tp + " did not reach offset " + toOffset + " in 5 minutes");
            }
            for (ConsumerRecord<byte[], byte[]> r : restoreConsumer.poll(Duration.ofMillis(100))) {
                if (r.offset() >= toOffset) {
                    break;
                }
                visitor.accept(r.offset(), r.key(), r.value());
            }
        }
        restoreConsumer.unsubscribe();
    }
}
