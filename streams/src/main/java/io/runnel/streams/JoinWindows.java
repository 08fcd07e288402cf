package io.runnel.streams;

import io.runnel.common.Verify;
import java.time.Duration;

/**
 * Which records of two streams join: a left record at time tl matches right records at tr with
 * {@code tl - before <= tr <= tl + after}. Records are buffered until no on-time record can match them
 * any more; a record later than that ({@code allowedLateness} past its join window) is late.
 */
public record JoinWindows(long beforeMs, long afterMs, long allowedLatenessMs) {
    public JoinWindows {
        Verify.that(beforeMs >= 0 && afterMs >= 0 && allowedLatenessMs >= 0,
                "join window bounds must be >= 0: before %s after %s lateness %s", beforeMs, afterMs, allowedLatenessMs);
    }

    /** Symmetric: |tl - tr| <= difference. */
    public static JoinWindows of(Duration difference) {
        return new JoinWindows(difference.toMillis(), difference.toMillis(), 0);
    }

    public JoinWindows before(Duration before) {
        return new JoinWindows(before.toMillis(), afterMs, allowedLatenessMs);
    }

    public JoinWindows after(Duration after) {
        return new JoinWindows(beforeMs, after.toMillis(), allowedLatenessMs);
    }

    public JoinWindows allowedLateness(Duration lateness) {
        return new JoinWindows(beforeMs, afterMs, lateness.toMillis());
    }
}
