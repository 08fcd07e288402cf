package io.runnel.streams.internals;

import static io.runnel.streams.internals.StoreKeyFormat.addSaturated;

import io.runnel.streams.Aggregation;
import io.runnel.streams.EmitMode;
import io.runnel.streams.ProcessingMode;
import io.runnel.streams.Windowed;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling and hopping window aggregation. State: one entry per (window, key), keyed by window end first
 * ({@link StoreKeyFormat}), so closing windows is a scan from the smallest end.
 *
 * <p>A window [start, end) fires when the watermark reaches {@code end} (emit on close) and is kept for
 * {@code allowedLateness} more; a record arriving then updates it and re-emits. A record all of whose windows are
 * past {@code end + allowedLateness} is late. Results carry timestamp {@code end - 1}. Task-thread owned.
 */
public final class WindowAggregateNode extends Node {
    private final Windows.Hopping windows;
    @SuppressWarnings("rawtypes")
    private final Aggregation agg;
    @SuppressWarnings("rawtypes")
    private final Serde accSerde;
    private final WindowOptions options;
    private LoggedStore store;
    private final UpdateBuffer updates = new UpdateBuffer();
    private boolean coalesce;
    /** No entry can fire or expire before the watermark reaches this: skips scans. */
    private long nextActionMs = Long.MIN_VALUE;
    /**
     * No stored window ends before this: close scans seek here instead of the start, so they never walk over the
     * deletions of windows closed earlier (RocksDB tombstones).
     */
    private long lowestEndMs = Long.MIN_VALUE;

    public WindowAggregateNode(Windows.Hopping windows, Aggregation<?, ?, ?> agg, WindowOptions options) {
        this.windows = windows;
        this.agg = agg;
        this.accSerde = agg.accumulatorSerde();
        this.options = options;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        store = context.store(options.storeName());
        nextActionMs = Long.MIN_VALUE; // restored state: the first watermark scans
        coalesce = options.emitMode() == EmitMode.ON_UPDATE && context.mode() == ProcessingMode.MICRO_BATCH;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        long wm = ctx.watermark();
        byte[] keyBytes = null;
        boolean accepted = false;
        long last = windows.lastStart(timestampMs);
        for (long start = windows.firstStart(timestampMs); start <= last; start += windows.advanceMs()) {
            long end = start + windows.sizeMs();
            if (addSaturated(end, options.allowedLatenessMs()) <= wm) {
                continue;
            }
            accepted = true;
            if (keyBytes == null) {
                keyBytes = options.keyBytes(key);
            }
            byte[] storeKey = StoreKeyFormat.windowKey(end, start, keyBytes);
            byte[] old = store.get(storeKey);
            Object acc = old == null ? agg.init() : accSerde.deserialize(StoreKeyFormat.body(old));
            acc = agg.add(acc, value);
            boolean closed = end <= wm;
            byte flag = (old != null && old[0] == StoreKeyFormat.FIRED) || closed ? StoreKeyFormat.FIRED
                    : StoreKeyFormat.OPEN;
            store.put(storeKey, StoreKeyFormat.flagged(flag, accSerde.serialize(acc)));
            if (nextActionMs != Long.MIN_VALUE) {
                nextActionMs = Math.min(nextActionMs, closed ? addSaturated(end, options.allowedLatenessMs()) : end);
            }
            lowestEndMs = Math.min(lowestEndMs, end);
            if (coalesce) {
                updates.put(storeKey, new Windowed<>(key, start, end), agg.result(acc), end - 1);
            } else if (options.emitMode() == EmitMode.ON_UPDATE || closed) {
                forward(new Windowed<>(key, start, end), agg.result(acc), end - 1);
            }
        }
        if (!accepted) {
            options.late(ctx, key, value, timestampMs);
        }
    }

    @Override
    public void onCommit() {
        updates.flushTo(this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onWatermark(long watermarkMs) {
        updates.flushTo(this);
        if (nextActionMs != Long.MIN_VALUE && watermarkMs < nextActionMs) {
            return;
        }
        List<byte[]> expired = new ArrayList<>();
        List<byte[][]> fired = new ArrayList<>();
        long[] next = {Long.MAX_VALUE};
        long[] lowest = {Long.MAX_VALUE};
        store.range(StoreKeyFormat.windowEndBound(lowestEndMs), null, (k, v) -> {
            long end = StoreKeyFormat.getLong(k, 0);
            if (end > watermarkMs) {
                next[0] = Math.min(next[0], end);
                lowest[0] = Math.min(lowest[0], end);
                return false;
            }
            long expiry = addSaturated(end, options.allowedLatenessMs());
            boolean expire = expiry <= watermarkMs;
            if (v[0] != StoreKeyFormat.FIRED) {
                fired.add(new byte[][] {k, v, expire ? null : v});
            }
            if (expire) {
                expired.add(k);
            } else {
                next[0] = Math.min(next[0], expiry);
                lowest[0] = Math.min(lowest[0], end);
            }
            return true;
        });
        lowestEndMs = lowest[0];
        for (byte[][] kv : fired) {
            byte[] k = kv[0];
            long end = StoreKeyFormat.getLong(k, 0);
            long start = StoreKeyFormat.getLong(k, 8);
            if (options.emitMode() == EmitMode.ON_CLOSE) {
                Object key = options.keySerde().deserialize(StoreKeyFormat.windowKeyBytes(k));
                Object acc = accSerde.deserialize(StoreKeyFormat.body(kv[1]));
                forward(new Windowed<>(key, start, end), agg.result(acc), end - 1);
            }
            if (kv[2] != null) {
                byte[] marked = kv[1].clone();
                marked[0] = StoreKeyFormat.FIRED;
                store.put(k, marked);
            }
        }
        for (byte[] k : expired) {
            store.delete(k);
        }
        nextActionMs = next[0];
    }
}
