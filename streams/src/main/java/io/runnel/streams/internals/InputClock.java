package io.runnel.streams.internals;

import io.runnel.streams.TimeMode;
import java.util.Arrays;

/**
 * The watermark contribution of one input partition of a task. A direct input's watermark is its highest event
 * time minus the out-of-orderness bound (processing time: the clock). A repartition input's watermark is the minimum
 * of the markers its writer tasks sent, ignoring writers silent for longer than the idle timeout. Task-thread owned.
 */
abstract class InputClock {
    long lastActivityMs;

    abstract long watermark(long nowMs, long idleTimeoutMs);

    boolean idle(long nowMs, long idleTimeoutMs) {
        return nowMs - lastActivityMs >= idleTimeoutMs;
    }

    void onRecord(long timestampMs, long nowMs) {
        lastActivityMs = nowMs;
    }

    void onMarker(int writer, long watermarkMs, long nowMs) {
        throw new IllegalStateException("watermark marker on a direct input");
    }

    static final class Direct extends InputClock {
        private final long boundMs;
        private final boolean processingTime;
        private long maxTimestampMs = Long.MIN_VALUE;

        Direct(TimeMode mode, long boundMs, long nowMs) {
            this.boundMs = boundMs;
            this.processingTime = mode == TimeMode.PROCESSING_TIME;
            this.lastActivityMs = nowMs;
        }

        @Override
        long watermark(long nowMs, long idleTimeoutMs) {
            if (processingTime) {
                return nowMs;
            }
            return maxTimestampMs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestampMs - boundMs;
        }

        @Override
        boolean idle(long nowMs, long idleTimeoutMs) {
            return !processingTime && super.idle(nowMs, idleTimeoutMs);
        }

        @Override
        void onRecord(long timestampMs, long nowMs) {
            super.onRecord(timestampMs, nowMs);
            if (timestampMs > maxTimestampMs) {
                maxTimestampMs = timestampMs;
            }
        }
    }

    static final class Upstream extends InputClock {
        private final long[] writerWatermarkMs;
        private final long[] writerActivityMs;

        Upstream(int writers, long nowMs) {
            writerWatermarkMs = new long[writers];
            writerActivityMs = new long[writers];
            Arrays.fill(writerWatermarkMs, Long.MIN_VALUE);
            Arrays.fill(writerActivityMs, nowMs);
            lastActivityMs = nowMs;
        }

        @Override
        void onMarker(int writer, long watermarkMs, long nowMs) {
            lastActivityMs = nowMs;
            writerActivityMs[writer] = nowMs;
            writerWatermarkMs[writer] = Math.max(writerWatermarkMs[writer], watermarkMs);
        }

        @Override
        long watermark(long nowMs, long idleTimeoutMs) {
            long min = Long.MAX_VALUE;
            boolean any = false;
            for (int i = 0; i < writerWatermarkMs.length; i++) {
                if (writerWatermarkMs[i] == Long.MAX_VALUE || nowMs - writerActivityMs[i] < idleTimeoutMs) {
                    min = Math.min(min, writerWatermarkMs[i]);
                    any = true;
                }
            }
            return any ? min : Long.MIN_VALUE;
        }

        @Override
        boolean idle(long nowMs, long idleTimeoutMs) {
            for (int i = 0; i < writerWatermarkMs.length; i++) {
                if (writerWatermarkMs[i] == Long.MAX_VALUE || nowMs - writerActivityMs[i] < idleTimeoutMs) {
                    return false;
                }
            }
            return true;
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
