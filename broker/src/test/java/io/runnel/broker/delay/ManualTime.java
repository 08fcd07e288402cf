package io.runnel.broker.delay;

import io.runnel.common.Time;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. Thread-safe. */
public final class ManualTime implements Time {
    private final AtomicLong nowNs = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final long epochOffsetMs = 1_700_000_000_000L;

    @Override
    public long nowMs() {
        return epochOffsetMs + TimeUnit.NANOSECONDS.toMillis(nowNs.get());
    }

    @Override
    public long nowNs() {
        return nowNs.get();
    }

    public void sleep(long ms) {
        nowNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}
