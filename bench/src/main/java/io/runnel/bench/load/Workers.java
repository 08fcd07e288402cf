package io.runnel.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker threads of one run: starts them, joins them by a deadline, and on expiry runs each worker's stop
 * action (which makes it return promptly) and joins again briefly. An exception escaping a worker is counted
 * as an error, its message kept, never lost.
 *
 * <p>Used by the runner thread that created it; the error counters are thread-safe.
 */
final class Workers {

    private static final long JOIN_AFTER_STOP_MS = 10_000;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Runnable> stopActions = new ArrayList<>();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    void start(String name, Runnable body, Runnable stop) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                errors.increment();
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        stopActions.add(stop);
        t.start();
    }

    /**
     * Waits for every worker until {@code deadlineNs}; returns false (after stopping them) if any was still
     * running then.
     */
    boolean join(long deadlineNs) {
        try {
            for (Thread t : threads) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
                if (leftMs > 0) {
                    t.join(leftMs);
                }
            }
            if (finished()) {
                return true;
            }
            stopActions.forEach(Runnable::run);
            for (Thread t : threads) {
                t.join(JOIN_AFTER_STOP_MS);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopActions.forEach(Runnable::run);
            return false;
        }
    }

    boolean finished() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    long errors() {
        return errors.sum();
    }

    String firstError() {
        return firstError.get();
    }
}
