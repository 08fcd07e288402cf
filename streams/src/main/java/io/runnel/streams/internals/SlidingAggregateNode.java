package io.runnel.streams.internals;

import static io.runnel.streams.internals.StoreKeyFormat.addSaturated;

import io.runnel.streams.Aggregation;
import io.runnel.streams.EmitMode;
import io.runnel.streams.Windowed;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Sliding windows: one window per record r, (t_r - size, t_r], aggregating every record of the key in that range;
 * reported as [t_r - size + 1, t_r + 1). Records are buffered (keyed-time layout, aux = sequence, value = flag +
 * record bytes). On close, a record's window is computed when the watermark reaches t_r + 1; on update, at arrival
 * over the records present then. A record is late when t_r + 1 + allowedLateness <= watermark; buffered records are
 * dropped once no open window can contain them (t + size + allowedLateness <= watermark).
 *
 * <p>Which records a watermark fires and drops comes from in-memory indexes of the stored records in time order,
 * rebuilt from the store at {@link #init}: scanning the store instead made every watermark step cost the number of
 * buffered records (with continuous input nearly every step has a record to fire, so the input's cost was
 * super-linear). Task-thread owned.
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
    /** The stored records not fired yet (on close), in firing order: time, then store key (the old scan's order). */
    private final TreeSet<TimeOrderedKey> unfired = new TreeSet<>();
    /** Every stored record, in expiry order: time, then store key. */
    private final TreeSet<TimeOrderedKey> stored = new TreeSet<>();

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
        unfired.clear();
        stored.clear();
        long[] max = {-1};
        store.range(new byte[0], null, (k, v) -> {
            max[0] = Math.max(max[0], StoreKeyFormat.keyedAuxOf(k));
            TimeOrderedKey e = new TimeOrderedKey(StoreKeyFormat.keyedTimeOf(k), k);
            stored.add(e);
            if (v[0] != StoreKeyFormat.FIRED) {
                unfired.add(e);
            }
            return true;
        });
        sequence = max[0] + 1;
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
        byte[] sk = StoreKeyFormat.keyedTime(k, timestampMs, sequence++);
        store.put(sk, StoreKeyFormat.flagged(emitNow ? StoreKeyFormat.FIRED : StoreKeyFormat.OPEN,
                valueSerde.serialize(value)));
        TimeOrderedKey e = new TimeOrderedKey(timestampMs, sk);
        stored.add(e);
        if (emitNow) {
            emit(key, k, timestampMs);
        } else {
            unfired.add(e);
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
        List<byte[]> fire = new ArrayList<>();
        while (!unfired.isEmpty() && addSaturated(unfired.first().timeMs, 1) <= watermarkMs) {
            fire.add(unfired.pollFirst().storeKey);
        }
        List<byte[]> expired = new ArrayList<>();
        long keepMs = sizeMs + options.allowedLatenessMs();
        for (Iterator<TimeOrderedKey> it = stored.iterator(); it.hasNext(); ) {
            TimeOrderedKey e = it.next();
            if (addSaturated(e.timeMs, keepMs) > watermarkMs) {
                break;
            }
            if (!unfired.contains(e)) { // an unfired record here (size + lateness < 1) is kept, as before
                expired.add(e.storeKey);
                it.remove();
            }
        }
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
        expired.sort(Arrays::compareUnsigned); // deleted in store order, as the old full scan did
        expired.forEach(store::delete);
    }
}
