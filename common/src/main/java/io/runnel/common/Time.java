package io.runnel.common;

/**
 * The clock, injected everywhere so that state machines never read the wall clock directly and tests drive time.
 * Implementations are thread-safe.
 */
public interface Time {
    Time SYSTEM = new Time() {
        @Override
        public long nowMs() {
            return System.currentTimeMillis();
        }

        @Override
        public long nowNs() {
            return System.nanoTime();
        }
    };

    /** Wall-clock milliseconds since the epoch. */
    long nowMs();

    /** Monotonic nanoseconds, for measuring intervals only. */
    long nowNs();
}
