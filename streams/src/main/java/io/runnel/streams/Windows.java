package io.runnel.streams;

import io.runnel.common.Verify;
import java.time.Duration;

/**
 * Window shapes. All are over event time (or the pipeline's time mode) and aligned to the epoch.
 * <ul>
 *   <li>tumbling: fixed size, no overlap: [n*size, (n+1)*size)</li>
 *   <li>hopping: fixed size, a new window every {@code advance}; a record belongs to size/advance windows</li>
 *   <li>sliding: one window per record, ending at (and including) the record's timestamp and reaching
 *       {@code size} back: the aggregate over (ts - size, ts] of the same key, emitted once per record</li>
 *   <li>session: per key, records closer than {@code gap} to each other form one window
 *       [first ts, last ts + gap); see {@code SessionAggregateNode} for lateness, merges and retraction</li>
 * </ul>
 */
public sealed interface Windows {

    static Windows tumbling(Duration size) {
        return new Hopping(size.toMillis(), size.toMillis());
    }

    static Windows hopping(Duration size, Duration advance) {
        return new Hopping(size.toMillis(), advance.toMillis());
    }

    static Windows sliding(Duration size) {
        return new Sliding(size.toMillis());
    }

    static Windows session(Duration gap) {
        return new Session(gap.toMillis());
    }

    /** Tumbling (advance == size) and hopping windows. */
    record Hopping(long sizeMs, long advanceMs) implements Windows {
        public Hopping {
            Verify.that(sizeMs > 0 && advanceMs > 0 && advanceMs <= sizeMs,
                    "window size %s and advance %s must be > 0 with advance <= size", sizeMs, advanceMs);
        }

        /** The first (earliest) window start containing {@code ts}. */
        public long firstStart(long ts) {
            long lastStart = lastStart(ts);
            long steps = Math.floorDiv(lastStart - (ts - sizeMs + 1), advanceMs);
            return lastStart - steps * advanceMs;
        }

        public long lastStart(long ts) {
            return Math.floorDiv(ts, advanceMs) * advanceMs;
        }
    }

    record Sliding(long sizeMs) implements Windows {
        public Sliding {
            Verify.that(sizeMs > 0, "sliding window size must be > 0, got %s", sizeMs);
        }
    }

    record Session(long gapMs) implements Windows {
        public Session {
            Verify.that(gapMs > 0, "session gap must be > 0, got %s", gapMs);
        }
    }
}
