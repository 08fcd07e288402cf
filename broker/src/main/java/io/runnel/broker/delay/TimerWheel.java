package io.runnel.broker.delay;

import io.runnel.common.Time;
import io.runnel.common.Verify;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hashed timing wheel for every delayed operation of the broker (fetch long polls, acks=all waits, group
 * join/session timeouts): waits are entries in a wheel slot, never a parked thread each.
 *
 * <p>Layout: {@code wheelSize} slots of {@code tickMs} each; a task due at tick {@code t} lives in slot
 * {@code t & (wheelSize - 1)} and expires when the wheel reaches a tick {@code >= t}. Deadlines further away than
 * one revolution simply stay in their slot across revolutions (the overflow is handled by comparing the deadline,
 * not by a round counter), so there is no upper bound on delays. Scheduling and cancelling are O(1).
 *
 * <p>Time is the injected {@link Time}'s monotonic clock in milliseconds ({@code nowNs / 1e6}); no wall clock.
 *
 * <p>Threads: {@link #schedule} and {@link TimerTask#cancel()} are thread-safe (new tasks pass through a
 * lock-free queue). Everything else (slots, the current tick, running expired actions) belongs to one thread: the
 * wheel's own thread after {@link #start}, or the test thread that calls {@link #advanceTo} when not started.
 * Expired actions run on that thread and must be short: complete a future or hand work to an executor.
 */
public final class TimerWheel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerWheel.class);

    private final Time time;
    private final long tickMs;
    private final TimerTask.Bucket[] slots;
    private final int mask;
    private final ConcurrentLinkedQueue<TimerTask> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean idleParked;

    // Owned by the wheel thread.
    private long currentTick;
    private int slottedCount;

    public TimerWheel(Time time, long tickMs, int wheelSize) {
        Verify.that(tickMs >= 1, "tickMs must be >= 1, got %s", tickMs);
        Verify.that(wheelSize >= 2 && Integer.bitCount(wheelSize) == 1, "wheelSize must be a power of two, got %s",
                wheelSize);
        this.time = time;
        this.tickMs = tickMs;
        this.slots = new TimerTask.Bucket[wheelSize];
        for (int i = 0; i < wheelSize; i++) {
            slots[i] = new TimerTask.Bucket();
        }
        this.mask = wheelSize - 1;
        this.currentTick = nowMs() / tickMs;
    }

    /** Wheel with 1 ms ticks and 512 slots: fine-grained for fetch waits, one revolution is about half a second. */
    public static TimerWheel createDefault(Time time) {
        return new TimerWheel(time, 1, 512);
    }

    /** The wheel's monotonic clock in milliseconds. */
    public long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(time.nowNs());
    }

    /**
     * Runs {@code action} on the wheel thread once {@code delayMs} have passed, unless the returned task is
     * cancelled first. Thread-safe.
     */
    public TimerTask schedule(long delayMs, Runnable action) {
        TimerTask task = new TimerTask(nowMs() + Math.max(0, delayMs), action);
        pendingCount.incrementAndGet();
        incoming.add(task);
        if (idleParked) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        return task;
    }

    /** Tasks scheduled and neither run nor reclaimed yet (cancelled tasks count until their slot is visited). */
    public int size() {
        return pendingCount.get();
    }

    /** Advances to the injected clock's now. Wheel thread (or test thread) only. */
    public void advance() {
        advanceTo(nowMs());
    }

    /**
     * Moves the wheel to {@code nowMs}, running every action whose deadline is at or before it. Wheel thread (or
     * test thread when not started) only.
     */
    public void advanceTo(long nowMs) {
        drainIncoming();
        long targetTick = nowMs / tickMs;
        if (targetTick <= currentTick) {
            return;
        }
        if (targetTick - currentTick >= slots.length) {
            // More than a revolution passed: every slot is due up to the target tick.
            for (TimerTask.Bucket slot : slots) {
                expireSlot(slot, targetTick);
            }
        } else {
            for (long tick = currentTick + 1; tick <= targetTick; tick++) {
                expireSlot(slots[(int) (tick & mask)], tick);
            }
        }
        currentTick = targetTick;
    }

    private void drainIncoming() {
        TimerTask task;
        while ((task = incoming.poll()) != null) {
            long tick = deadlineTick(task);
            if (tick <= currentTick) {
                // Already due: run now rather than a revolution late.
                pendingCount.decrementAndGet();
                run(task);
            } else if (task.isCancelled()) {
                pendingCount.decrementAndGet();
            } else {
                slots[(int) (tick & mask)].add(task);
                slottedCount++;
            }
        }
    }

    /** Rounded up, so that no task ever runs before its deadline. */
    private long deadlineTick(TimerTask task) {
        return (task.deadlineMs + tickMs - 1) / tickMs;
    }

    private void expireSlot(TimerTask.Bucket slot, long uptoTick) {
        TimerTask task = slot.head;
        while (task != null) {
            TimerTask next = task.next;
            if (task.isCancelled()) {
                unslot(slot, task);
            } else if (deadlineTick(task) <= uptoTick) {
                unslot(slot, task);
                run(task);
            }
            task = next;
        }
    }

    private void unslot(TimerTask.Bucket slot, TimerTask task) {
        slot.remove(task);
        slottedCount--;
        pendingCount.decrementAndGet();
    }

    private static void run(TimerTask task) {
        if (!task.claimExpiry()) {
            return;
        }
        try {
            task.action.run();
        } catch (RuntimeException e) {
            // One bad action must not stop every other timeout in the broker.
            log.error("Timer action failed (deadline {} ms)", task.deadlineMs, e);
        }
    }

    /** Starts the wheel's own thread; from then on only that thread advances the wheel. */
    public synchronized void start(String threadName) {
        Verify.that(thread == null, "TimerWheel already started");
        running = true;
        Thread t = new Thread(this::runLoop, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void runLoop() {
        while (running) {
            advance();
            if (slottedCount == 0 && incoming.isEmpty()) {
                // Nothing to time: sleep until schedule() unparks us (no periodic wake-ups on an idle broker).
                idleParked = true;
                if (incoming.isEmpty() && running) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                idleParked = false;
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(tickMs));
            }
        }
    }

    /** Stops the thread; tasks not yet expired are dropped without running. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
