package io.runnel.streams.internals;

import io.runnel.common.Verify;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.SerdeException;
import io.runnel.streams.state.LoggedStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtopology on one partition: its operator instances, state stores, input clocks and watermark.
 *
 * <p>Lifecycle: construct (empty stores) -> the runtime restores the stores from their changelogs ->
 * {@link #start(CommitMetadata)} -> {@link #process}/{@link #processMarker} per input record,
 * {@link #advanceWatermark()} as the mode says -> {@link #prepareCommit()} (flush stores to the changelog) before
 * each offset commit -> {@link #close()}.
 *
 * <p>The watermark is the minimum over the task's stream inputs of their clocks ({@link InputClock}), skipping
 * idle inputs (caught up and silent for the idle timeout, or writers that declared themselves idle); it never goes back, and it restarts from the value committed with
 * the input offsets, so records replayed after a crash meet the same closed windows.
 *
 * <p>Owned by one thread (the worker thread the task is assigned to); not thread-safe.
 */
public final class Task implements TaskContext {
    private static final Logger log = LoggerFactory.getLogger(Task.class);

    private final TaskId id;
    private final Subtopology subtopology;
    private final TaskEnv env;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    /** The inputs that have a clock (streams and repartition topics; not tables), for the watermark loop. */
    private final Input[] clocked;
    private final Map<String, InputClock> clocks = new LinkedHashMap<>();
    private final Map<String, LoggedStore> stores = new LinkedHashMap<>();
    private final Map<String, long[]> writerSequences = new HashMap<>();
    /** Sequence numbers are replay-stable only when one input drives the task. */
    private final boolean sequenced;
    private long currentOffset = -1;
    /** The source ingesting the current record (null between records): {@link #sourceBytes}. */
    private SourceNode ingesting;
    private int emitIndex;
    private long duplicatesDropped;
    private long watermarkMs = Long.MIN_VALUE;
    private boolean idle;
    private long lateRecords;
    private long processedRecords;
    private long restoredRecords;
    private boolean started;

    public Task(TaskId id, Subtopology subtopology, TaskEnv env) {
        this.id = id;
        this.subtopology = subtopology;
        this.env = env;
        long now = env.time().nowMs();
        Map<NodeDef, Node> made = new HashMap<>();
        for (NodeDef def : subtopology.nodes()) {
            Node node = def.factory.get();
            made.put(def, node);
            nodes.add(node);
            if (def.source != null) {
                switch (def.source.kind()) {
                    case STREAM -> clocks.put(def.source.topic(),
                            new InputClock.Direct(def.source.timeMode(), def.source.outOfOrdernessMs(), now));
                    case REPARTITION -> {
                        int writers = env.writerCount(def.source.topic());
                        clocks.put(def.source.topic(), new InputClock.Upstream(writers));
                        long[] seqs = new long[writers];
                        java.util.Arrays.fill(seqs, -1);
                        writerSequences.put(def.source.topic(), seqs);
                    }
                    case TABLE -> { }
                    default -> throw new IllegalStateException();
                }
            }
        }
        sequenced = clocks.size() == 1;
        for (NodeDef def : subtopology.nodes()) {
            if (def.source != null) {
                String topic = def.source.topic();
                inputs.put(topic, new Input(topic, (SourceNode) made.get(def), clocks.get(topic),
                        writerSequences.get(topic), () -> env.caughtUp(topic, id.partition())));
            }
        }
        clocked = inputs.values().stream().filter(in -> in.clock != null).toArray(Input[]::new);
        for (NodeDef def : subtopology.nodes()) {
            List<Node> kids = new ArrayList<>();
            for (NodeDef c : def.children) {
                Node kid = made.get(c);
                Verify.that(kid != null, "child %s of %s is in another subtopology", c.name, def.name);
                kids.add(kid);
            }
            made.get(def).wire(kids);
        }
        for (StoreDef s : subtopology.stores()) {
            String changelog = s.logged() ? s.changelogTopic(env.applicationId()) : null;
            stores.put(s.name(), new LoggedStore(s.name(), env.openStore(id, s.name()), changelog, id.partition(),
                    env.changelog(), env.cacheEntriesMax(), s.keyGroupLength(), s.appendOnly()));
        }
    }

    public TaskId id() {
        return id;
    }

    public Subtopology subtopology() {
        return subtopology;
    }

    public Map<String, LoggedStore> stores() {
        return stores;
    }

    /** Initializes operators after restore; {@code restored} carries the committed watermark (may be null). */
    public void start(CommitMetadata restored) {
        if (restored != null && restored.watermarkMs() > watermarkMs) {
            watermarkMs = restored.watermarkMs();
        }
        if (restored != null) {
            writerSequences.forEach((topic, seqs) -> {
                InputClock.Upstream clock = (InputClock.Upstream) clocks.get(topic);
                for (int w = 0; w < seqs.length; w++) {
                    String key = CommitMetadata.writerKey(topic, w);
                    seqs[w] = restored.writerSequences().getOrDefault(key, -1L);
                    clock.restoreWriter(w, restored.writerWatermarks().getOrDefault(key, Long.MIN_VALUE));
                }
            });
        }
        for (Node n : nodes) {
            n.init(this);
        }
        started = true;
    }

    /** The input reading {@code topic}, for the per-record calls; null if this task does not read it. */
    public Input input(String topic) {
        return inputs.get(topic);
    }

    /** Processes one data record of {@code topic} at {@code offset}. */
    public void process(String topic, long offset, long timestampMs, byte[] key, byte[] value) {
        process(topic, offset, timestampMs, key, value, -1, -1);
    }

    /** As {@link #process(Input, long, long, ByteBuffer, ByteBuffer, int, long)}, looking the input up by topic. */
    public void process(String topic, long offset, long timestampMs, byte[] key, byte[] value, int writer,
                        long sequence) {
        Input input = inputs.get(topic);
        Verify.that(input != null, "task %s does not read %s", id, topic);
        process(input, offset, timestampMs, key == null ? null : ByteBuffer.wrap(key),
                value == null ? null : ByteBuffer.wrap(value), writer, sequence);
    }

    /**
     * Processes one data record; {@code writer}/{@code sequence} tag records of repartition topics (-1: untagged).
     * A tagged record whose sequence is not above the last one seen from its writer is a replayed duplicate and is
     * skipped. The per-record path: no lookups by topic and no allocation by the engine itself. Key and value are
     * read during the call only, so they may be views into the fetched batch (no copy per record).
     */
    public void process(Input input, long offset, long timestampMs, ByteBuffer key, ByteBuffer value, int writer,
                        long sequence) {
        Verify.that(started, "task %s not started", id);
        input.nextOffset = offset + 1;
        if (writer >= 0 && sequence >= 0) {
            long[] seqs = input.writerSequences;
            if (seqs != null) {
                if (sequence <= seqs[writer]) {
                    duplicatesDropped++;
                    return;
                }
                seqs[writer] = sequence;
            }
        }
        currentOffset = offset;
        emitIndex = 0;
        long ts;
        ingesting = input.source;
        try {
            ts = input.source.ingest(key, value, timestampMs);
        } catch (SerdeException e) {
            throw new SerdeException("Cannot read record " + input.topic + "-" + id.partition() + "@" + offset, e);
        } finally {
            ingesting = null;
        }
        processedRecords++;
        long now = env.time().nowMs(); // one clock read per record, shared by the input clock and the watermark
        if (input.clock != null) {
            input.clock.onRecord(ts, now, writer);
        }
        if (env.mode() != ProcessingMode.MICRO_BATCH) {
            advanceWatermark(now);
        }
    }

    /** Processes a watermark marker that writer task {@code writer} put into repartition topic {@code topic}. */
    public void processMarker(String topic, long offset, int writer, long markerWatermarkMs, boolean writerIdle) {
        Input input = inputs.get(topic);
        Verify.that(input != null && input.clock != null,
                "task %s got a marker on %s, which is not a repartition input", id, topic);
        input.nextOffset = offset + 1;
        input.clock.onMarker(writer, markerWatermarkMs, writerIdle);
        if (env.mode() != ProcessingMode.MICRO_BATCH) {
            advanceWatermark();
        }
    }

    /**
     * Recomputes the watermark from the input clocks; on progress tells every operator. Also tracks whether all
     * inputs are idle and tells operators when that changes (repartition sinks then tell their readers). True if
     * the watermark moved.
     */
    public boolean advanceWatermark() {
        return advanceWatermark(env.time().nowMs());
    }

    private boolean advanceWatermark(long now) {
        long idleTimeout = env.idleTimeoutMs();
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (Input in : clocked) {
            if (in.clock.idle(now, idleTimeout, in.caughtUp)) {
                continue;
            }
            any = true;
            min = Math.min(min, in.clock.watermark(now));
        }
        boolean nowIdle = !any && !clocks.isEmpty();
        if (nowIdle != idle) {
            idle = nowIdle;
            for (Node n : nodes) {
                n.onIdle(nowIdle);
            }
        }
        if (!any || min <= watermarkMs) {
            return false;
        }
        moveWatermark(min);
        return true;
    }

    /** Bounded input is exhausted: event time jumps to the end, closing every window. */
    public void endOfInput() {
        if (watermarkMs != Long.MAX_VALUE) {
            moveWatermark(Long.MAX_VALUE);
        }
    }

    private void moveWatermark(long newWatermarkMs) {
        watermarkMs = newWatermarkMs;
        for (Node n : nodes) {
            n.onWatermark(newWatermarkMs);
        }
    }

    /** True when every repartition input got the end-of-input marker from all its writers. */
    public boolean upstreamComplete() {
        for (InputClock c : clocks.values()) {
            if (c instanceof InputClock.Upstream u && !u.complete()) {
                return false;
            }
        }
        return true;
    }

    public boolean readsRepartitionTopic() {
        return clocks.values().stream().anyMatch(c -> c instanceof InputClock.Upstream);
    }

    /** Flushes operator buffers and store caches into the output collector and changelogs. */
    public void prepareCommit() {
        for (Node n : nodes) {
            n.onCommit();
        }
        for (LoggedStore s : stores.values()) {
            s.flush();
        }
    }

    /**
     * The offset commit that followed {@link #prepareCommit()} succeeded: every store writes its flushed changes to
     * its local store with the position they correspond to (a logged store: its changelog end offset in {@code
     * changelogEnds}; a table: the committed offset of its source topic).
     */
    public void commitStores(Map<String, Long> changelogEnds) {
        for (StoreDef def : subtopology.stores()) {
            LoggedStore store = stores.get(def.name());
            Long position;
            if (def.logged()) {
                position = changelogEnds.get(def.name());
            } else {
                Input table = inputs.get(def.changelogTopic(env.applicationId()));
                position = table == null || table.nextOffset < 0 ? null : table.nextOffset;
            }
            if (position != null) {
                store.commit(position);
            }
        }
    }

    /** Changes flushed to changelogs and waiting for a commit, over all stores. */
    public long pendingStoreEntries() {
        long n = 0;
        for (LoggedStore s : stores.values()) {
            n += s.pendingEntries();
        }
        return n;
    }

    void addRestoredRecords(long count) {
        restoredRecords += count;
    }

    /** Changelog (and table topic) records replayed into the local stores when this task started. */
    public long restoredRecords() {
        return restoredRecords;
    }

    /** The next offset to consume per input topic (this task's partition), for the offset commit. */
    public Map<String, Long> nextOffsets() {
        Map<String, Long> out = new HashMap<>();
        for (Input in : inputs.values()) {
            if (in.nextOffset >= 0) {
                out.put(in.topic, in.nextOffset);
            }
        }
        return out;
    }

    public void close() {
        for (Node n : nodes) {
            n.close();
        }
        for (LoggedStore s : stores.values()) {
            s.close();
        }
    }

    /** The commit metadata for the current state, given the changelog end offsets. */
    public CommitMetadata commitMetadata(Map<String, Long> changelogEndOffsets) {
        Map<String, Long> seqs = new LinkedHashMap<>();
        Map<String, Long> wms = new LinkedHashMap<>();
        writerSequences.forEach((topic, arr) -> {
            InputClock.Upstream clock = (InputClock.Upstream) clocks.get(topic);
            for (int w = 0; w < arr.length; w++) {
                if (arr[w] >= 0) {
                    seqs.put(CommitMetadata.writerKey(topic, w), arr[w]);
                }
                if (clock.writerWatermark(w) != Long.MIN_VALUE) {
                    wms.put(CommitMetadata.writerKey(topic, w), clock.writerWatermark(w));
                }
            }
        });
        return new CommitMetadata(watermarkMs, changelogEndOffsets, seqs, wms);
    }

    public long duplicatesDropped() {
        return duplicatesDropped;
    }

    public long lateRecords() {
        return lateRecords;
    }

    public long processedRecords() {
        return processedRecords;
    }

    // ---- TaskContext ----

    @Override
    public String applicationId() {
        return env.applicationId();
    }

    @Override
    public int partition() {
        return id.partition();
    }

    @Override
    public long watermark() {
        return watermarkMs;
    }

    @Override
    public long nowMs() {
        return env.time().nowMs();
    }

    @Override
    public ProcessingMode mode() {
        return env.mode();
    }

    @Override
    public LoggedStore store(String name) {
        LoggedStore s = stores.get(name);
        Verify.that(s != null, "task %s has no store %s", id, name);
        return s;
    }

    @Override
    public byte[] sourceBytes(Object value, Serde<?> serde) {
        return ingesting == null ? null : ingesting.exactBytes(value, serde);
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestampMs) {
        env.send(topic, key, value, timestampMs);
    }

    @Override
    public void sendRepartition(String topic, byte[] key, byte[] value, long timestampMs) {
        long sequence = -1;
        if (sequenced && currentOffset >= 0 && emitIndex < 0xFFFF) {
            sequence = (currentOffset << 16) | emitIndex++;
        }
        env.sendRepartition(topic, key, value, timestampMs, id.partition(), sequence);
    }

    @Override
    public void sendWatermark(String topic, long markerWatermarkMs, boolean markerIdle) {
        env.sendWatermark(topic, id.partition(), markerWatermarkMs, markerIdle);
    }

    @Override
    public void onLateRecord() {
        lateRecords++;
        if (lateRecords == 1 || Long.bitCount(lateRecords) == 1) {
            log.info("Task {}: {} records later than the allowed lateness so far", id, lateRecords);
        }
    }

    @Override
    public long watermarkIntervalMs() {
        return env.watermarkIntervalMs();
    }

    /** One input topic of the task, resolved once so the per-record path does no lookups. Task-thread owned. */
    public static final class Input {
        private final String topic;
        private final SourceNode source;
        /** Null for a table input (tables never hold the watermark back). */
        private final InputClock clock;
        /** Last sequence processed per writer task; null unless a repartition topic. */
        private final long[] writerSequences;
        private final java.util.function.BooleanSupplier caughtUp;
        private long nextOffset = -1;

        private Input(String topic, SourceNode source, InputClock clock, long[] writerSequences,
                      java.util.function.BooleanSupplier caughtUp) {
            this.topic = topic;
            this.source = source;
            this.clock = clock;
            this.writerSequences = writerSequences;
            this.caughtUp = caughtUp;
        }

        /** True for an internal repartition topic, whose records carry writer headers and watermark markers. */
        public boolean repartition() {
            return writerSequences != null;
        }
    }
}
