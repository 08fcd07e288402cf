package io.runnel.streams.internals;

import static io.runnel.streams.internals.StoreKeyFormat.addSaturated;

import io.runnel.streams.JoinWindows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One side of a windowed stream-stream join. Each side buffers its records (keyed-time layout, value = record bytes)
 * and probes the other side's buffer. With lt/rt the left/right times, a pair matches when
 * {@code lt - before <= rt <= lt + after}.
 *
 * <p>Lateness and retention are chosen so that every pair of on-time records is found, whichever arrives second:
 * a left record is late when {@code lt + after + 1 + lateness <= watermark}, a right record when
 * {@code rt + before + 1 + lateness <= watermark}, and buffered records are purged when
 * {@code t + before + after + 1 + lateness <= watermark}. Task-thread owned.
 */
public final class StreamStreamJoinNode extends Node {
    private final boolean leftSide;
    private final String ownStoreName;
    private final String otherStoreName;
    @SuppressWarnings("rawtypes")
    private final Serde keySerde;
    @SuppressWarnings("rawtypes")
    private final Serde ownValueSerde;
    @SuppressWarnings("rawtypes")
    private final Serde otherValueSerde;
    private final JoinWindows windows;
    private final BiFunction<Object, Object, Object> joiner;
    private LoggedStore own;
    private LoggedStore other;
    private long sequence;
    private long nextPurgeMs = Long.MIN_VALUE;

    public StreamStreamJoinNode(boolean leftSide, String ownStoreName, String otherStoreName, Serde<?> keySerde,
                                Serde<?> ownValueSerde, Serde<?> otherValueSerde, JoinWindows windows,
                                BiFunction<Object, Object, Object> joiner) {
        this.leftSide = leftSide;
        this.ownStoreName = ownStoreName;
        this.otherStoreName = otherStoreName;
        this.keySerde = keySerde;
        this.ownValueSerde = ownValueSerde;
        this.otherValueSerde = otherValueSerde;
        this.windows = windows;
        this.joiner = joiner;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        own = context.store(ownStoreName);
        other = context.store(otherStoreName);
        long[] max = {-1};
        own.range(new byte[0], null, (k, v) -> {
            max[0] = Math.max(max[0], StoreKeyFormat.keyedAuxOf(k));
            return true;
        });
        sequence = max[0] + 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        if (key == null) {
            return;
        }
        long wm = ctx.watermark();
        long reach = leftSide ? windows.afterMs() : windows.beforeMs();
        if (addSaturated(addSaturated(timestampMs, reach + 1), windows.allowedLatenessMs()) <= wm) {
            ctx.onLateRecord();
            return;
        }
        byte[] k = keySerde.serialize(key);
        own.put(StoreKeyFormat.keyedTime(k, timestampMs, sequence++), ownValueSerde.serialize(value));
        long retention = windows.beforeMs() + windows.afterMs() + 1 + windows.allowedLatenessMs();
        long purgeAt = addSaturated(timestampMs, retention);
        if (nextPurgeMs != Long.MIN_VALUE) {
            nextPurgeMs = Math.min(nextPurgeMs, purgeAt);
        }
        // other side times matching this record
        long from = leftSide ? timestampMs - windows.beforeMs() : timestampMs - windows.afterMs();
        long to = leftSide ? timestampMs + windows.afterMs() : timestampMs + windows.beforeMs();
        List<Object[]> matches = new ArrayList<>();
        other.range(StoreKeyFormat.keyedTimeFrom(k, from), StoreKeyFormat.keyedTimeFrom(k, addSaturated(to, 1)),
                (ok, ov) -> {
                    matches.add(new Object[] {StoreKeyFormat.keyedTimeOf(ok), ov});
                    return true;
                });
        for (Object[] m : matches) {
            Object otherValue = otherValueSerde.deserialize((byte[]) m[1]);
            long ts = Math.max(timestampMs, (Long) m[0]);
            Object joined = leftSide ? joiner.apply(value, otherValue) : joiner.apply(otherValue, value);
            forward(key, joined, ts);
        }
    }

    @Override
    public void onWatermark(long watermarkMs) {
        if (nextPurgeMs != Long.MIN_VALUE && watermarkMs < nextPurgeMs) {
            return;
        }
        long retention = windows.beforeMs() + windows.afterMs() + 1 + windows.allowedLatenessMs();
        List<byte[]> expired = new ArrayList<>();
        long[] next = {Long.MAX_VALUE};
        own.range(new byte[0], null, (k, v) -> {
            long purgeAt = addSaturated(StoreKeyFormat.keyedTimeOf(k), retention);
            if (purgeAt <= watermarkMs) {
                expired.add(k);
            } else {
                next[0] = Math.min(next[0], purgeAt);
            }
            return true;
        });
        expired.forEach(own::delete);
        // A purge scans the whole buffer, so it runs at most once per retention of watermark progress: each scan
        // then visits about two retentions of records, where scanning at every watermark step (the oldest record is
        // always about to expire) made a long join quadratic. A record kept longer than its retention matches
        // nothing: whatever could still pair with it would be late and dropped (class comment).
        nextPurgeMs = Math.max(next[0], addSaturated(watermarkMs, retention));
    }
}
