package io.runnel.streams.internals;

import io.runnel.streams.TimeMode;
import java.util.Arrays;

/**
 * The watermark contribution of one input partition of a task.
 *
 * <p>A direct input's watermark is its highest event time minus the out-of-orderness bound (processing time: the
 * clock). It is idle when the consumer has caught up with the partition (no lag) and no record arrived for the idle
 * timeout: an input that is merely slow to fetch never counts as idle.
 *
 * <p>A repartition input's watermark is the minimum of the markers of its writer tasks. A writer is skipped only
 * when it declared itself idle (all of its own inputs idle); a writer not heard from yet holds the watermark back,
 * so a slow-starting writer's records are never late for that reason. A data record or an active marker from the
 * writer ends its idleness. Task-thread owned.
 */
abstract class InputClock {

    abstract long watermark(long nowMs);

    /** {@code caughtUp} is asked only when the input has been silent long enough (it may cost a client call). */
    abstract boolean idle(long nowMs, long idleTimeoutMs, java.util.function.BooleanSupplier caughtUp);

    abstract void onRecord(long timestampMs, long nowMs, int writer);

    void onMarker(int writer, long watermarkMs, boolean writerIdle) {
        throw new IllegalStateException("watermark marker on a direct input");
    }

    static final class Direct extends InputClock {
        private final long boundMs;
        private final boolean processingTime;
        private long maxTimestampMs = Long.MIN_VALUE;
        private long lastActivityMs;

        Direct(TimeMode mode, long boundMs, long nowMs) {
            this.boundMs = boundMs;
            this.processingTime = mode == TimeMode.PROCESSING_TIME;
            this.lastActivityMs = nowMs;
        }

        @Override
        long watermark(long nowMs) {
            if (processingTime) {
                return nowMs;
            }
            return maxTimestampMs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestampMs - boundMs;
        }

        @Override
        boolean idle(long nowMs, long idleTimeoutMs, java.util.function.BooleanSupplier caughtUp) {
            return !processingTime && nowMs - lastActivityMs >= idleTimeoutMs && caughtUp.getAsBoolean();
        }

        @Override
        void onRecord(long timestampMs, long nowMs, int writer) {
            lastActivityMs = nowMs;
            if (timestampMs > maxTimestampMs) {
                maxTimestampMs = timestampMs;
            }
        }
    }

    static final class Upstream extends InputClock {
        private final long[] writerWatermarkMs;
        private final boolean[] writerIdle;

        Upstream(int writers) {
            writerWatermarkMs = new long[writers];
            writerIdle = new boolean[writers];
            Arrays.fill(writerWatermarkMs, Long.MIN_VALUE);
        }

        @Override
        void onRecord(long timestampMs, long nowMs, int writer) {
            if (writer >= 0 && writer < writerIdle.length) {
                writerIdle[writer] = false;
            }
        }

        @Override
        void onMarker(int writer, long watermarkMs, boolean idle) {
            writerIdle[writer] = idle;
            writerWatermarkMs[writer] = Math.max(writerWatermarkMs[writer], watermarkMs);
        }

        @Override
        long watermark(long nowMs) {
            long min = Long.MAX_VALUE;
            boolean any = false;
            for (int i = 0; i < writerWatermarkMs.length; i++) {
                if (!writerIdle[i] || writerWatermarkMs[i] == Long.MAX_VALUE) {
                    min = Math.min(min, writerWatermarkMs[i]);
                    any = true;
                }
            }
            return any ? min : Long.MIN_VALUE;
        }

        @Override
        boolean idle(long nowMs, long idleTimeoutMs, java.util.function.BooleanSupplier caughtUp) {
            for (int i = 0; i < writerIdle.length; i++) {
                if (!writerIdle[i] || writerWatermarkMs[i] == Long.MAX_VALUE) {
                    return false;
                }
            }
            return true;
        }

        long writerWatermark(int writer) {
            return writerWatermarkMs[writer];
        }

        /** Restores a writer's watermark from the last commit. */
        void restoreWriter(int writer, long watermarkMs) {
            writerWatermarkMs[writer] = Math.max(writerWatermarkMs[writer], watermarkMs);
        }

        /** True once every writer finished (bounded mode). */
        boolean complete() {
            for (long wm : writerWatermarkMs) {
                if (wm != Long.MAX_VALUE) {
                    return false;
                }
            }
            return true;
        }
    }
}
