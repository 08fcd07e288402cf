package io.runnel.streams.internals;

import static io.runnel.streams.internals.StoreKeyFormat.addSaturated;

import io.runnel.streams.JoinWindows;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One side of a windowed stream-stream join. Each side buffers its records (segmented keyed-time layout, value =
 * record bytes) and probes the other side's buffer. With lt/rt the left/right times, a pair matches when
 * {@code lt - before <= rt <= lt + after}.
 *
 * <p>Lateness and retention are chosen so that every pair of on-time records is found, whichever arrives second:
 * a left record is late when {@code lt + after + 1 + lateness <= watermark}, a right record when
 * {@code rt + before + 1 + lateness <= watermark}, and a buffered record may go once
 * {@code t + retention <= watermark}, retention being {@code before + after + 1 + lateness}. A record kept longer
 * matches nothing: whatever could still pair with it would be late and dropped.
 *
 * <p>Buffers are cut into segments of two retentions of event time (at least {@value #MIN_SEGMENT_MS} ms; the
 * key's first 8 bytes), so a probe spans at most two segments, about one probe in two (a RocksDB seek each; on
 * Nexmark q4 two retentions per segment ran as fast as four, and one slower). A segment goes whole, with one
 * unlogged range delete ({@link LoggedStore#expireRange}), once its last millisecond has expired: no per-record
 * delete, tombstone or scan (those were a third of the buffer's writes and a full scan per retention). The
 * changelog drops expired records by time instead (decision 0019).
 * Task-thread owned.
 */
public final class StreamStreamJoinNode extends Node {
    /** Shortest segment: an expiry walks the store's cached writes, so short windows expire at most once a second. */
    static final long MIN_SEGMENT_MS = 1000;

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
    /** The keys each buffer may hold per segment: a probe skips a segment the other side never put its key in. */
    private JoinKeyFilter ownKeys;
    private JoinKeyFilter otherKeys;
    private final long retentionMs;
    private final long segmentMs;
    private long sequence;
    /** Every segment below this one has been expired. */
    private long firstLiveSegment = Long.MIN_VALUE;

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
        this.retentionMs = retentionMs(windows);
        this.segmentMs = Math.max(MIN_SEGMENT_MS, addSaturated(retentionMs, retentionMs));
    }

    /**
     * How long, in event time past its timestamp, a buffered record can still match: {@code before + after + 1 +
     * lateness}, saturated.
     */
    public static long retentionMs(JoinWindows windows) {
        return addSaturated(addSaturated(addSaturated(windows.beforeMs(), windows.afterMs()), 1),
                windows.allowedLatenessMs());
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        own = context.store(ownStoreName);
        other = context.store(otherStoreName);
        ownKeys = own.derived(JoinKeyFilter.class, JoinKeyFilter::new);
        otherKeys = other.derived(JoinKeyFilter.class, JoinKeyFilter::new); // filled by the other side's init
        long[] max = {-1};
        own.range(new byte[0], null, (k, v) -> {
            max[0] = Math.max(max[0], StoreKeyFormat.keyedAuxOf(k));
            ownKeys.add(StoreKeyFormat.getLong(k, 0),
                    JoinKeyFilter.hash(k, 12, StoreKeyFormat.segmentedGroupLength(k) - 12));
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
        long ownSegment = segmentOf(timestampMs);
        own.put(StoreKeyFormat.segmentedKeyedTime(ownSegment, k, timestampMs, sequence++),
                ownValueSerde.serialize(value));
        long keyHash = JoinKeyFilter.hash(k); // once for the filters of both sides
        ownKeys.add(ownSegment, keyHash);
        // other side times matching this record
        long from = addSaturated(timestampMs, leftSide ? -windows.beforeMs() : -windows.afterMs());
        long to = addSaturated(timestampMs, leftSide ? windows.afterMs() : windows.beforeMs());
        List<Object[]> matches = new ArrayList<>();
        for (long seg = segmentOf(from); seg <= segmentOf(to); seg++) { // at most two: to - from < retention
            if (otherKeys.mightContain(seg, keyHash)) {
                other.range(StoreKeyFormat.segmentedKeyedTimeFrom(seg, k, from),
                        StoreKeyFormat.segmentedKeyedTimeFrom(seg, k, addSaturated(to, 1)),
                        (ok, ov) -> {
                            matches.add(new Object[] {StoreKeyFormat.keyedTimeOf(ok), ov});
                            return true;
                        });
            }
            if (seg == Long.MAX_VALUE) {
                break;
            }
        }
        for (Object[] m : matches) {
            Object otherValue = otherValueSerde.deserialize((byte[]) m[1]);
            long ts = Math.max(timestampMs, (Long) m[0]);
            Object joined = leftSide ? joiner.apply(value, otherValue) : joiner.apply(otherValue, value);
            forward(key, joined, ts);
        }
    }

    @Override
    public void onWatermark(long watermarkMs) {
        // A segment has expired once its last millisecond has: (seg + 1) * segmentMs - 1 + retention <= watermark.
        // The first call after a restart also drops what the restore brought back of expired segments.
        long firstLive = segmentOf(addSaturated(addSaturated(watermarkMs, -retentionMs), 1));
        if (firstLive > firstLiveSegment) {
            own.expireRange(new byte[0], StoreKeyFormat.segmentStart(firstLive));
            ownKeys.expireBefore(firstLive);
            firstLiveSegment = firstLive;
        }
    }

    private long segmentOf(long timeMs) {
        return Math.floorDiv(timeMs, segmentMs);
    }
}
