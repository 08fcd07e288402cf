package io.runnel.broker.group;

import io.runnel.broker.delay.TimerTask;
import io.runnel.broker.delay.TimerWheel;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.partition.ProduceValidator.Origin;
import io.runnel.common.Time;
import io.runnel.storage.LogSlice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link GroupShard} over its {@code __consumer_offsets} partition: loads it by replaying the partition,
 * then executes events one at a time on the shard's thread, appends the records each event produced through the
 * partition layer (the same append path as Produce), and releases the event's responses once the partition is
 * durable up to them (storage's group-committed fsync). Timeouts: the shard's next deadline is armed on the
 * broker's {@link TimerWheel}, which hands a {@code poll} event back to the shard thread.
 *
 * <p>An append failure fences the shard: parked responses fail with NOT_COORDINATOR and the shard is reloaded from
 * what the partition really holds, so memory never runs ahead of the log for long.
 *
 * <p>Threads: {@link #submit} from any thread; everything else on {@code executor} (one thread, shared with other
 * shards pinned to it). {@code status} is volatile for the callers' quick checks.
 */
final class ShardRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ShardRunner.class);
    private static final int LOAD_READ_BYTES = 1024 * 1024;
    private static final int APPEND_BATCH_BYTES = 512 * 1024;
    private static final short PRODUCE_VERSION = 9;

    enum Status { LOADING, ACTIVE, FAILED, CLOSED }

    private final int partitionId;
    private final Partition partition;
    private final GroupCoordinatorConfig config;
    private final Time time;
    private final Executor executor;
    private final TimerWheel timer;
    private final Supplier<String> ids;
    private final Supplier<TopicsView> topics;
    private final ShareServices shareServices;
    private volatile Status status = Status.LOADING;
    private GroupShard shard;
    private long writtenOffset;
    private TimerTask wakeup;
    private long wakeupAtMs = Long.MAX_VALUE;

    ShardRunner(int partitionId, Partition partition, GroupCoordinatorConfig config, Time time, Executor executor,
                TimerWheel timer, Supplier<String> ids, Supplier<TopicsView> topics, ShareServices shareServices) {
        this.shareServices = shareServices;
        this.partitionId = partitionId;
        this.partition = partition;
        this.config = config;
        this.time = time;
        this.executor = executor;
        this.timer = timer;
        this.ids = ids;
        this.topics = topics;
    }

    Status status() {
        return status;
    }

    int partitionId() {
        return partitionId;
    }

    /** Replays the partition into a fresh shard on the shard thread; events are refused until it is done. */
    CompletableFuture<Void> load() {
        status = Status.LOADING;
        return CompletableFuture.runAsync(this::loadNow, executor);
    }

    private void loadNow() {
        long startNs = time.nowNs();
        GroupShard loaded = new GroupShard(partitionId, config, shareServices, ids, topics);
        long offset = partition.logStartOffset();
        long end = partition.highWatermark();
        int records = 0;
        while (offset < end) {
            LogSlice slice = partition.read(offset, LOAD_READ_BYTES, true);
            try {
                if (slice.isEmpty()) {
                    break;
                }
                for (RecordBatch batch : slice.records().batches()) {
                    for (Record record : batch) {
                        if (record.offset() < offset) {
                            continue;
                        }
                        records += replay(loaded, record);
                    }
                    offset = batch.nextOffset();
                }
            } finally {
                slice.release();
            }
        }
        writtenOffset = end;
        loaded.onLoaded(time.nowMs());
        shard = loaded;
        CoordinatorResult r = loaded.takeResult();
        status = Status.ACTIVE;
        flush(r);
        armWakeup();
        LOG.info("Loaded group coordinator shard {} ({} groups, {} records up to offset {}) in {} ms", partitionId,
                loaded.groups().size(), records, end, (time.nowNs() - startNs) / 1_000_000);
    }

    private int replay(GroupShard target, Record record) {
        if (!record.hasKey()) {
            LOG.warn("Skipping record without key at offset {} of shard {}", record.offset(), partitionId);
            return 0;
        }
        GroupRecord decoded;
        try {
            decoded = GroupRecordFormat.decode(record.key(), record.hasValue() ? record.value() : null);
        } catch (IllegalArgumentException e) {
            // A record this version does not understand (written by a newer broker or by hand): skipping keeps
            // every group we do understand available.
            LOG.warn("Skipping undecodable record at offset {} of shard {}: {}", record.offset(), partitionId,
                    e.getMessage());
            return 0;
        }
        target.replay(decoded);
        return 1;
    }

    /**
     * Runs {@code op} on the shard thread; its result is released once everything it (and every event before it)
     * wrote is durable. A {@link GroupException} completes the future exceptionally, in the same order.
     */
    <T> CompletableFuture<T> submit(Function<GroupShard, T> op) {
        CompletableFuture<T> out = new CompletableFuture<>();
        execute(out, () -> {
            T value = op.apply(shard);
            return () -> shardResultCompletion(out, value);
        });
        return out;
    }

    /** Like {@link #submit} for operations that park their response (JoinGroup, SyncGroup). */
    <T> CompletableFuture<T> submitParked(Function<GroupShard, CompletableFuture<T>> op) {
        CompletableFuture<T> out = new CompletableFuture<>();
        execute(out, () -> {
            CompletableFuture<T> parked = op.apply(shard);
            parked.whenComplete((v, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(v);
                }
            });
            return null;
        });
        return out;
    }

    private <T> void shardResultCompletion(CompletableFuture<T> out, T value) {
        shard.completeLater(out, value);
    }

    private <T> void execute(CompletableFuture<T> out, Supplier<Runnable> event) {
        try {
            executor.execute(() -> {
                if (!throwIfNotActive(out)) {
                    return;
                }
                try {
                    Runnable register = event.get();
                    if (register != null) {
                        register.run();
                    }
                } catch (GroupException e) {
                    CompletableFuture<T> failed = new CompletableFuture<>();
                    failed.whenComplete((v, x) -> out.completeExceptionally(e));
                    shard.completeLater(failed, null);
                } catch (RuntimeException e) {
                    LOG.error("Group coordinator shard {} failed an event; reloading it", partitionId, e);
                    out.completeExceptionally(e);
                    fence(e);
                    return;
                }
                flush(shard.takeResult());
                armWakeup();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            out.completeExceptionally(new NotCoordinatorException("The group coordinator is shutting down"));
        }
    }

    private boolean throwIfNotActive(CompletableFuture<?> out) {
        switch (status) {
            case ACTIVE -> {
                return true;
            }
            case LOADING -> out.completeExceptionally(new CoordinatorLoadInProgressException(
                    "Group coordinator shard " + partitionId + " is loading"));
            default -> out.completeExceptionally(new NotCoordinatorException(
                    "Group coordinator shard " + partitionId + " is not available"));
        }
        return false;
    }

    /** Appends the records, then releases the responses once durable. Shard thread. */
    private void flush(CoordinatorResult r) {
        if (!r.records().isEmpty()) {
            try {
                for (MemoryRecords batch : encode(r.records())) {
                    writtenOffset = partition.append(batch, PRODUCE_VERSION, Origin.COORDINATOR).lastOffset() + 1;
                }
            } catch (RuntimeException e) {
                LOG.error("Group coordinator shard {} could not append {} records; reloading it", partitionId,
                        r.records().size(), e);
                r.fail(new NotCoordinatorException("Group coordinator shard " + partitionId + " failed to write"));
                fence(e);
                return;
            }
        }
        if (r.completions().isEmpty()) {
            return;
        }
        partition.awaitDurable(writtenOffset).whenComplete((v, e) -> {
            if (e == null) {
                r.complete();
            } else {
                r.fail(new NotCoordinatorException("Group coordinator shard " + partitionId + " lost durability",
                        e));
                executor.execute(() -> fence(e));
            }
        });
    }

    private List<MemoryRecords> encode(List<GroupRecord> records) {
        long nowMs = time.nowMs();
        List<MemoryRecords> out = new ArrayList<>();
        List<SimpleRecord> batch = new ArrayList<>();
        int bytes = 0;
        for (GroupRecord r : records) {
            byte[] key = GroupRecordFormat.encodeKey(r.key());
            byte[] value = GroupRecordFormat.encodeValue(r.value());
            int size = key.length + (value == null ? 0 : value.length) + 32;
            if (!batch.isEmpty() && bytes + size > APPEND_BATCH_BYTES) {
                out.add(MemoryRecords.withRecords(Compression.NONE, batch.toArray(new SimpleRecord[0])));
                batch.clear();
                bytes = 0;
            }
            batch.add(new SimpleRecord(nowMs, ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value)));
            bytes += size;
        }
        out.add(MemoryRecords.withRecords(Compression.NONE, batch.toArray(new SimpleRecord[0])));
        return out;
    }

    /** Shard thread: parked responses fail, state is rebuilt from the partition. */
    private void fence(Throwable cause) {
        if (status == Status.CLOSED || shard == null) {
            return;
        }
        status = Status.FAILED;
        shard.failParked(Errors.NOT_COORDINATOR);
        shard.takeResult().fail(new NotCoordinatorException("Group coordinator shard " + partitionId + " fenced",
                cause));
        cancelWakeup();
        load().whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Group coordinator shard {} could not be reloaded; it stays unavailable", partitionId, e);
                status = Status.FAILED;
            }
        });
    }

    private void armWakeup() {
        long next = shard.nextDeadlineMs();
        if (next == Long.MAX_VALUE || next >= wakeupAtMs) {
            return;
        }
        cancelWakeup();
        wakeupAtMs = next;
        wakeup = timer.schedule(Math.max(0, next - time.nowMs()), () -> executor.execute(this::onWakeup));
    }

    private void cancelWakeup() {
        if (wakeup != null) {
            wakeup.cancel();
            wakeup = null;
        }
        wakeupAtMs = Long.MAX_VALUE;
    }

    private void onWakeup() {
        wakeup = null;
        wakeupAtMs = Long.MAX_VALUE;
        if (status != Status.ACTIVE) {
            return;
        }
        try {
            shard.poll(time.nowMs());
        } catch (RuntimeException e) {
            LOG.error("Group coordinator shard {} failed on a timeout; reloading it", partitionId, e);
            fence(e);
            return;
        }
        flush(shard.takeResult());
        armWakeup();
    }

    /** Stops taking events; parked responses fail with NOT_COORDINATOR. Shard thread. */
    CompletableFuture<Void> close() {
        return CompletableFuture.runAsync(() -> {
            if (shard != null && status == Status.ACTIVE) {
                shard.failParked(Errors.NOT_COORDINATOR);
                flush(shard.takeResult());
            }
            status = Status.CLOSED;
            cancelWakeup();
        }, executor);
    }
}
