package io.runnel.storage;

import io.runnel.common.Time;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit flusher: one thread per {@link LogManager} that fsyncs partition logs and completes
 * {@link PartitionLog#awaitDurable} futures. Requests queue up while an fsync round runs; the next round takes
 * all of them, so one fsync per partition serves every waiter of that partition that arrived meanwhile, across
 * all partitions. Between requests it applies the topics' {@code flush.ms} policy every
 * {@code log.flush.scheduler.interval.ms}.
 *
 * <p>Thread: owns its thread ("runnel-log-flusher"); {@link #request} is thread-safe (a bounded, deduplicated
 * queue: each log is queued at most once, see {@link PartitionLog#markFlushRequested()}).
 */
final class Flusher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

    /** Wakes the thread for shutdown; interrupting it instead could close a FileChannel in the middle of force(). */
    private static final Object STOP = new Object();

    private final LinkedBlockingQueue<Object> requests = new LinkedBlockingQueue<>();
    private final Time time;
    private final long checkIntervalMs;
    private final Supplier<Collection<PartitionLog>> allLogs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long rounds;

    Flusher(Time time, long checkIntervalMs, Supplier<Collection<PartitionLog>> allLogs) {
        this.time = time;
        this.checkIntervalMs = checkIntervalMs;
        this.allLogs = allLogs;
        this.thread = new Thread(this, "runnel-log-flusher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void request(PartitionLog log) {
        if (log.markFlushRequested()) {
            requests.add(log);
        }
    }

    @Override
    public void run() {
        long nextPolicyCheckMs = time.nowMs() + checkIntervalMs;
        List<Object> round = new ArrayList<>();
        while (running) {
            try {
                long waitMs = Math.max(1, nextPolicyCheckMs - time.nowMs());
                Object first = requests.poll(Math.min(waitMs, checkIntervalMs), TimeUnit.MILLISECONDS);
                if (first != null) {
                    round.add(first);
                    requests.drainTo(round);
                    for (Object o : round) {
                        if (o instanceof PartitionLog log) {
                            log.flushFromFlusher();
                        }
                    }
                    round.clear();
                    rounds++;
                }
                long nowMs = time.nowMs();
                if (nowMs >= nextPolicyCheckMs) {
                    for (PartitionLog log : allLogs.get()) {
                        if (log.isFlushDue(nowMs)) {
                            log.flushFromFlusher();
                        }
                    }
                    nextPolicyCheckMs = nowMs + checkIntervalMs;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a failed log already took its directory offline and failed its waiters; keep serving others
                LOG.debug("Flush round failed: {}", e.toString());
                round.clear();
            }
        }
    }

    /** Stops after the current round; remaining requests are flushed by the closing LogManager itself. */
    void stop() {
        running = false;
        requests.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long rounds() {
        return rounds;
    }
}
