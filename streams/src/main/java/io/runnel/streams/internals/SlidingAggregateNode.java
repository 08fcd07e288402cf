package io.runnel.streams.internals;

import static io.runnel.streams.internals.StoreKeyFormat.addSaturated;

import io.runnel.streams.Aggregation;
import io.runnel.streams.EmitMode;
import io.runnel.streams.Windowed;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Sliding windows: one window per record r, (t_r - size, t_r], aggregating every record of the key in that range;
 * reported as [t_r - size + 1, t_r + 1). Records are buffered (keyed-time layout, aux = sequence, value = flag +
 * record bytes). On close, a record's window is computed when the watermark reaches t_r + 1; on update, at arrival
 * over the records present then. A record is late when t_r + 1 + allowedLateness <= watermark; buffered records are
 * dropped once no open window can contain them (t + size + allowedLateness <= watermark). Task-thread owned.
 */
public final class SlidingAggregateNode extends Node {
    private final long sizeMs;
    @SuppressWarnings("rawtypes")
    private final Aggregation agg;
    @SuppressWarnings("rawtypes")
    private final Serde valueSerde;
    private final WindowOptions options;
    private LoggedStore store;
    private long sequence;
    private long nextActionMs = Long.MIN_VALUE;

    public SlidingAggregateNode(Windows.Sliding windows, Aggregation<?, ?, ?> agg, WindowOptions options) {
        this.sizeMs = windows.sizeMs();
        this.agg = agg;
        this.valueSerde = options.valueSerde();
        this.options = options;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        store = context.store(options.storeName());
        long[] max = {-1};
        store.range(new byte[0], null, (k, v) -> {
            max[0] = Math.max(max[0], StoreKeyFormat.keyedAuxOf(k));
            return true;
        });
        sequence = max[0] + 1;
        nextActionMs = Long.MIN_VALUE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        long wm = ctx.watermark();
        long end = addSaturated(timestampMs, 1);
        if (addSaturated(end, options.allowedLatenessMs()) <= wm) {
            options.late(ctx, key, value, timestampMs);
            return;
        }
        byte[] k = options.keyBytes(key);
        boolean emitNow = options.emitMode() == EmitMode.ON_UPDATE || end <= wm;
        store.put(StoreKeyFormat.keyedTime(k, timestampMs, sequence++),
                StoreKeyFormat.flagged(emitNow ? StoreKeyFormat.FIRED : StoreKeyFormat.OPEN,
                        valueSerde.serialize(value)));
        if (emitNow) {
            emit(key, k, timestampMs);
        }
        if (nextActionMs != Long.MIN_VALUE) {
            nextActionMs = Math.min(nextActionMs, emitNow ? addSaturated(timestampMs,
                    sizeMs + options.allowedLatenessMs()) : end);
        }
    }

    @SuppressWarnings("unchecked")
    private void emit(Object key, byte[] k, long timestampMs) {
        Object[] acc = {agg.init()};
        long from = timestampMs - sizeMs + 1;
        store.range(StoreKeyFormat.keyedTimeFrom(k, from), StoreKeyFormat.keyedTimeFrom(k, addSaturated(timestampMs, 1)),
                (sk, sv) -> {
                    acc[0] = agg.add(acc[0], valueSerde.deserialize(StoreKeyFormat.body(sv)));
                    return true;
                });
        forward(new Windowed<>(key, from, timestampMs + 1), agg.result(acc[0]), timestampMs);
    }

    @Override
    public void onWatermark(long watermarkMs) {
        if (nextActionMs != Long.MIN_VALUE && watermarkMs < nextActionMs) {
            return;
        }
        List<byte[]> fire = new ArrayList<>();
        List<byte[]> expired = new ArrayList<>();
        long[] next = {Long.MAX_VALUE};
        store.range(new byte[0], null, (sk, sv) -> {
            long ts = StoreKeyFormat.keyedTimeOf(sk);
            long end = addSaturated(ts, 1);
            long expiry = addSaturated(ts, sizeMs + options.allowedLatenessMs());
            boolean fired = sv[0] == StoreKeyFormat.FIRED;
            if (!fired && end <= watermarkMs) {
                fire.add(sk);
                fired = true;
            }
            if (fired && expiry <= watermarkMs) {
                expired.add(sk);
            } else {
                next[0] = Math.min(next[0], fired ? expiry : end);
            }
            return true;
        });
        fire.sort((a, b) -> Long.compare(StoreKeyFormat.keyedTimeOf(a), StoreKeyFormat.keyedTimeOf(b)));
        for (byte[] sk : fire) {
            byte[] k = StoreKeyFormat.keyedKey(sk);
            Object key = options.keySerde().deserialize(k);
            emit(key, k, StoreKeyFormat.keyedTimeOf(sk));
        }
        for (byte[] sk : fire) {
            byte[] v = store.get(sk);
            byte[] marked = v.clone();
            marked[0] = StoreKeyFormat.FIRED;
            store.put(sk, marked);
        }
        expired.forEach(store::delete);
        nextActionMs = next[0];
    }
}
