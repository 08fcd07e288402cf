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
import java.util.List;
import java.util.TreeSet;

/**
 * Session window aggregation. A record at t opens [t, t + gap); sessions of the same key that overlap it merge
 * (accumulators merged), so a session is [first record, last record + gap). Stored sessions of a key are disjoint.
 * State: keyed-time layout with time = start and aux = 0 (sessions of a key are disjoint, so the start names one);
 * the value is the end (8 bytes, {@link StoreKeyFormat#putLong}) then the accumulator. A record that extends a session
 * rewrites the same key, so the store's cache folds a session's updates within a flush into one changelog record
 * (with the end in the key, each extension was a delete and a put).
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
            byEnd.add(new TimeOrderedKey(endOf(sv), sk));
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
                    if (endOf(sv) > timestampMs) {
                        overlapping.add(new byte[][] {sk, sv});
                    }
                    return true;
                });
        for (byte[][] s : overlapping) {
            start = Math.min(start, StoreKeyFormat.keyedTimeOf(s[0]));
            end = Math.max(end, endOf(s[1]));
            acc = agg.merge(accSerde.deserialize(Arrays.copyOfRange(s[1], 8, s[1].length)), acc);
            byEnd.remove(new TimeOrderedKey(endOf(s[1]), s[0]));
        }
        for (byte[][] s : overlapping) {
            if (StoreKeyFormat.keyedTimeOf(s[0]) != start) {
                store.delete(s[0]); // merged into the session that keeps the earliest start (rewritten below)
            }
        }
        if (options.emitMode() == EmitMode.ON_UPDATE) {
            for (byte[][] s : overlapping) {
                long oldStart = StoreKeyFormat.keyedTimeOf(s[0]);
                long oldEnd = endOf(s[1]);
                if (oldStart != start || oldEnd != end) {
                    forward(new Windowed<>(key, oldStart, oldEnd), null, oldEnd - 1); // retract the replaced session
                }
            }
        }
        byte[] sessionKey = StoreKeyFormat.keyedTime(k, start, 0);
        byte[] acced = accSerde.serialize(acc);
        byte[] stored = new byte[8 + acced.length];
        StoreKeyFormat.putLong(stored, 0, end);
        System.arraycopy(acced, 0, stored, 8, acced.length);
        store.put(sessionKey, stored);
        byEnd.add(new TimeOrderedKey(end, sessionKey));
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
                long end = endOf(s[1]);
                Object key = options.keySerde().deserialize(StoreKeyFormat.keyedKey(s[0]));
                forward(new Windowed<>(key, start, end),
                        agg.result(accSerde.deserialize(Arrays.copyOfRange(s[1], 8, s[1].length))), end - 1);
            }
            store.delete(s[0]);
        }
    }

    /** A stored session's end: the first 8 bytes of its value. */
    private static long endOf(byte[] sessionValue) {
        return StoreKeyFormat.getLong(sessionValue, 0);
    }
}
