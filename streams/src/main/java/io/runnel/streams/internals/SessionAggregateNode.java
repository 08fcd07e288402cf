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
 * Session window aggregation. A record at t opens [t, t + gap); sessions of the same key that overlap it merge
 * (accumulators merged), so a session is [first record, last record + gap). State: keyed-time layout with time =
 * start and aux = end. A session fires when the watermark reaches its end and is dropped {@code allowedLateness}
 * later; a record whose own [t, t + gap) ends at or before watermark - allowedLateness is late. Merged-away sessions
 * are not retracted downstream (emit on update shows each intermediate session). Task-thread owned.
 */
public final class SessionAggregateNode extends Node {
    private final long gapMs;
    @SuppressWarnings("rawtypes")
    private final Aggregation agg;
    @SuppressWarnings("rawtypes")
    private final Serde accSerde;
    private final WindowOptions options;
    private LoggedStore store;
    private long nextActionMs = Long.MIN_VALUE;

    public SessionAggregateNode(Windows.Session windows, Aggregation<?, ?, ?> agg, WindowOptions options) {
        this.gapMs = windows.gapMs();
        this.agg = agg;
        this.accSerde = agg.accumulatorSerde();
        this.options = options;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        store = context.store(options.storeName());
        nextActionMs = Long.MIN_VALUE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        long wm = ctx.watermark();
        long ownEnd = addSaturated(timestampMs, gapMs);
        if (addSaturated(ownEnd, options.allowedLatenessMs()) <= wm) {
            options.late(ctx, key, value, timestampMs);
            return;
        }
        byte[] k = options.keyBytes(key);
        long start = timestampMs;
        long end = ownEnd;
        Object acc = agg.add(agg.init(), value);
        boolean fired = false;
        List<byte[][]> overlapping = new ArrayList<>();
        store.range(StoreKeyFormat.keyedTimeFrom(k, Long.MIN_VALUE), StoreKeyFormat.keyedTimeFrom(k, ownEnd),
                (sk, sv) -> {
                    if (StoreKeyFormat.keyedAuxOf(sk) > timestampMs) {
                        overlapping.add(new byte[][] {sk, sv});
                    }
                    return true;
                });
        for (byte[][] s : overlapping) {
            start = Math.min(start, StoreKeyFormat.keyedTimeOf(s[0]));
            end = Math.max(end, StoreKeyFormat.keyedAuxOf(s[0]));
            acc = agg.merge(accSerde.deserialize(StoreKeyFormat.body(s[1])), acc);
            fired |= s[1][0] == StoreKeyFormat.FIRED;
            store.delete(s[0]);
        }
        boolean closed = end <= wm;
        store.put(StoreKeyFormat.keyedTime(k, start, end),
                StoreKeyFormat.flagged(fired || closed ? StoreKeyFormat.FIRED : StoreKeyFormat.OPEN,
                        accSerde.serialize(acc)));
        if (nextActionMs != Long.MIN_VALUE) {
            nextActionMs = Math.min(nextActionMs, closed ? addSaturated(end, options.allowedLatenessMs()) : end);
        }
        if (options.emitMode() == EmitMode.ON_UPDATE || closed) {
            forward(new Windowed<>(key, start, end), agg.result(acc), end - 1);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onWatermark(long watermarkMs) {
        if (nextActionMs != Long.MIN_VALUE && watermarkMs < nextActionMs) {
            return;
        }
        List<byte[][]> fire = new ArrayList<>();
        List<byte[]> expired = new ArrayList<>();
        long[] next = {Long.MAX_VALUE};
        store.range(new byte[0], null, (sk, sv) -> {
            long end = StoreKeyFormat.keyedAuxOf(sk);
            long expiry = addSaturated(end, options.allowedLatenessMs());
            if (end > watermarkMs) {
                next[0] = Math.min(next[0], end);
                return true;
            }
            boolean expire = expiry <= watermarkMs;
            if (sv[0] != StoreKeyFormat.FIRED) {
                fire.add(new byte[][] {sk, sv, expire ? null : sv});
            }
            if (expire) {
                expired.add(sk);
            } else {
                next[0] = Math.min(next[0], expiry);
            }
            return true;
        });
        // fire in end order for a deterministic output
        fire.sort((a, b) -> Long.compare(StoreKeyFormat.keyedAuxOf(a[0]), StoreKeyFormat.keyedAuxOf(b[0])));
        for (byte[][] s : fire) {
            long start = StoreKeyFormat.keyedTimeOf(s[0]);
            long end = StoreKeyFormat.keyedAuxOf(s[0]);
            if (options.emitMode() == EmitMode.ON_CLOSE) {
                Object key = options.keySerde().deserialize(StoreKeyFormat.keyedKey(s[0]));
                forward(new Windowed<>(key, start, end), agg.result(accSerde.deserialize(StoreKeyFormat.body(s[1]))),
                        end - 1);
            }
            if (s[2] != null) {
                byte[] marked = s[1].clone();
                marked[0] = StoreKeyFormat.FIRED;
                store.put(s[0], marked);
            }
        }
        expired.forEach(store::delete);
        nextActionMs = next[0];
    }
}
