package io.runnel.streams.testing;

import io.runnel.common.Time;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told; thread-safe. */
public final class ManualTime implements Time {
    private final AtomicLong nowMs;

    public ManualTime(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    public void advance(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long nowMs() {
        return nowMs.get();
    }

    @Override
    public long nowNs() {
        return nowMs.get() * 1_000_000L;
    }
}
