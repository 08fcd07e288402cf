package io.runnel.broker.delay;

/**
 * A handle on one scheduled expiry in a {@link TimerWheel}. Thread-safe: {@link #cancel()} may be called from any
 * thread; the wheel's own thread runs the action at most once, never after a successful cancel.
 *
 * <p>The intrusive list links ({@code prev}, {@code next}, {@code bucket}) belong to the wheel's thread.
 */
public final class TimerTask {
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int EXPIRED = 2;

    final long deadlineMs;
    final Runnable action;
    private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();

    // Owned by the wheel's thread.
    TimerTask prev;
    TimerTask next;
    Bucket bucket;

    TimerTask(long deadlineMs, Runnable action) {
        this.deadlineMs = deadlineMs;
        this.action = action;
    }

    /** Monotonic deadline in the wheel's millisecond clock. */
    public long deadlineMs() {
        return deadlineMs;
    }

    /** Prevents the action from running. True when this call cancelled it; false when it already ran or was cancelled. */
    public boolean cancel() {
        return state.compareAndSet(PENDING, CANCELLED);
    }

    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    public boolean isExpired() {
        return state.get() == EXPIRED;
    }

    /** Claims the right to run the action; false when cancelled meanwhile. Wheel thread only. */
    boolean claimExpiry() {
        return state.compareAndSet(PENDING, EXPIRED);
    }

    /** A doubly linked list of tasks sharing one wheel slot. Wheel thread only. */
    static final class Bucket {
        TimerTask head;
        int size;

        void add(TimerTask task) {
            task.bucket = this;
            task.prev = null;
            task.next = head;
            if (head != null) {
                head.prev = task;
            }
            head = task;
            size++;
        }

        void remove(TimerTask task) {
            if (task.bucket != this) {
                return;
            }
            if (task.prev != null) {
                task.prev.next = task.next;
            } else {
                head = task.next;
            }
            if (task.next != null) {
                task.next.prev = task.prev;
            }
            task.prev = null;
            task.next = null;
            task.bucket = null;
            size--;
        }
    }
}
