package io.runnel.broker.delay;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operation that waits for a condition (bytes arrived, a batch became durable, members joined) or a deadline,
 * whichever comes first: a fetch long poll, an acks=all produce, a join-group wait.
 *
 * <p>Completes exactly once: either an event makes {@link #tryComplete()} find the condition satisfied and call
 * {@link #forceComplete()}, or the deadline passes and the wheel calls {@link #onExpiration()} followed by
 * {@link #onComplete()}. Subclasses put the response-building in {@link #onComplete()}.
 *
 * <p>Thread-safe: {@link #tryComplete()} calls are serialized by the {@link DelayedOperations} registry (it holds
 * this operation's monitor), and the completed flag is an atomic, so events racing the deadline complete it once.
 */
public abstract class DelayedOperation {
    private final long delayMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile TimerTask expiry;
    private volatile boolean expired;

    protected DelayedOperation(long delayMs) {
        this.delayMs = delayMs;
    }

    public long delayMs() {
        return delayMs;
    }

    /**
     * Checks the condition; when satisfied, calls {@link #forceComplete()} and returns its result. Called with this
     * operation's monitor held; must not block.
     */
    public abstract boolean tryComplete();

    /** Builds and sends the outcome. Runs exactly once, on the thread that completed the operation. */
    protected abstract void onComplete();

    /** Called once, just before {@link #onComplete()}, when completion is due to the deadline. */
    protected void onExpiration() {
    }

    /** Completes now whatever the condition; true when this call did it (false when already complete). */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        TimerTask t = expiry;
        if (t != null) {
            t.cancel();
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /** True when the deadline, not an event, completed it. */
    public final boolean isExpired() {
        return expired;
    }

    final void armExpiry(TimerWheel wheel) {
        expiry = wheel.schedule(delayMs, this::expire);
        if (completed.get()) {
            // Completed between the caller's check and arming: the timer entry is garbage now.
            expiry.cancel();
        }
    }

    private void expire() {
        if (completed.compareAndSet(false, true)) {
            expired = true;
            onExpiration();
            onComplete();
        }
    }
}
