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
import java.util.TreeSet;

/**
 * Session window aggregation. A record at t opens [t, t + gap); sessions of the same key that overlap it merge
 * (accumulators merged), so a session is [first record, last record + gap). Stored sessions of a key are disjoint.
 * State: keyed-time layout with time = start and aux = end.
 *
 * <p>Lateness is decided per record, not per window: a record is late when {@code t + allowedLateness < watermark}.
 * That bound is what makes merges safe: every accepted record has {@code t >= watermark - allowedLateness}, so once
 * {@code end + allowedLateness <= watermark} no accepted record can overlap the session any more; it is final.
 * <ul>
 *   <li>{@code ON_CLOSE}: a session fires exactly once, when it is final, and is dropped. A session merged away
 *       before that is never emitted.</li>
 *   <li>{@code ON_UPDATE}: every record emits its (merged) session; when a merge replaces sessions with another
 *       window, each replaced session is retracted first: a null result for its {@code Windowed} key (a tombstone
 *       when written to a topic). A session is dropped when it is final.</li>
 * </ul>
 * <p>Which sessions a watermark closes comes from an in-memory index of the stored sessions in end order, rebuilt
 * from the store at {@link #init}: scanning the store instead made every watermark step cost the number of open
 * sessions (Nexmark q4 at 2M events: tens of thousands of sessions scanned per step).
 * Task-thread owned.
 */
public final class SessionAggregateNode extends Node {
    private final long gapMs;
    @SuppressWarnings("rawtypes")
    private final Aggregation agg;
    @SuppressWarnings("rawtypes")
    private final Serde accSerde;
    private final WindowOptions options;
    private LoggedStore store;
    /** Every stored session's store key, in firing order: end, then store key (the order of the old full scan). */
    private final TreeSet<TimeOrderedKey> byEnd = new TreeSet<>();

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
        byEnd.clear();
        store.range(new byte[0], null, (sk, sv) -> {
            byEnd.add(ended(sk));
            return true;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        long wm = ctx.watermark();
        if (addSaturated(timestampMs, options.allowedLatenessMs()) < wm) {
            options.late(ctx, key, value, timestampMs);
            return;
        }
        byte[] k = options.keyBytes(key);
        long ownEnd = addSaturated(timestampMs, gapMs);
        long start = timestampMs;
        long end = ownEnd;
        Object acc = agg.add(agg.init(), value);
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
            store.delete(s[0]);
            byEnd.remove(ended(s[0]));
        }
        if (options.emitMode() == EmitMode.ON_UPDATE) {
            for (byte[][] s : overlapping) {
                long oldStart = StoreKeyFormat.keyedTimeOf(s[0]);
                long oldEnd = StoreKeyFormat.keyedAuxOf(s[0]);
                if (oldStart != start || oldEnd != end) {
                    forward(new Windowed<>(key, oldStart, oldEnd), null, oldEnd - 1); // retract the replaced session
                }
            }
        }
        byte[] sessionKey = StoreKeyFormat.keyedTime(k, start, end);
        store.put(sessionKey, StoreKeyFormat.flagged(StoreKeyFormat.OPEN, accSerde.serialize(acc)));
        byEnd.add(ended(sessionKey));
        if (options.emitMode() == EmitMode.ON_UPDATE) {
            forward(new Windowed<>(key, start, end), agg.result(acc), end - 1);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onWatermark(long watermarkMs) {
        List<byte[][]> done = new ArrayList<>();
        while (!byEnd.isEmpty()
                && addSaturated(byEnd.first().timeMs, options.allowedLatenessMs()) <= watermarkMs) {
            byte[] sk = byEnd.pollFirst().storeKey;
            done.add(new byte[][] {sk, store.get(sk)});
        }
        for (byte[][] s : done) {
            if (options.emitMode() == EmitMode.ON_CLOSE) {
                long start = StoreKeyFormat.keyedTimeOf(s[0]);
                long end = StoreKeyFormat.keyedAuxOf(s[0]);
                Object key = options.keySerde().deserialize(StoreKeyFormat.keyedKey(s[0]));
                forward(new Windowed<>(key, start, end), agg.result(accSerde.deserialize(StoreKeyFormat.body(s[1]))),
                        end - 1);
            }
            store.delete(s[0]);
        }
    }

    /** A stored session's index entry: ordered by its end (the key's aux). */
    private static TimeOrderedKey ended(byte[] sessionKey) {
        return new TimeOrderedKey(StoreKeyFormat.keyedAuxOf(sessionKey), sessionKey);
    }
}
