package io.runnel.broker.partition;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shared executor, one at a time and in submission order per key, without a thread per key.
 * The produce handler keys by connection: a client pipelining produce requests (max.in.flight &gt; 1) gets its
 * batches appended in the order it sent them, as Kafka guarantees, while different connections append in
 * parallel. The fetch handler runs its first read in the same lane, so a fetch sees what its connection
 * produced before it, even with acks=0.
 *
 * <p>Thread-safe: a key's queue is guarded by its own monitor; the map entry disappears when the queue drains.
 */
public final class OrderedExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedExecutor.class);

    private final Executor executor;
    private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();

    public OrderedExecutor(Executor executor) {
        this.executor = executor;
    }

    public void execute(Object key, Runnable task) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            if (lane.offer(task)) {
                return;
            }
            // That lane just retired itself; the next computeIfAbsent creates a fresh one.
        }
    }

    /**
     * True when {@code key} has no task queued or running. Stays true until the caller submits for the key if the
     * caller is the key's only submitter (a connection's event loop), which may then run a task in its place.
     */
    public boolean isIdle(Object key) {
        return !lanes.containsKey(key);
    }

    /** Lanes currently holding work (for tests and metrics). */
    public int activeLanes() {
        return lanes.size();
    }

    private final class Lane implements Runnable {
        private final Object key;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean running;
        private boolean retired;

        Lane(Object key) {
            this.key = key;
        }

        boolean offer(Runnable task) {
            boolean schedule;
            synchronized (this) {
                if (retired) {
                    return false;
                }
                queue.add(task);
                schedule = !running;
                running = true;
            }
            // Outside the monitor: the event loop must never wait for a lane's worker, even briefly.
            if (schedule) {
                executor.execute(this);
            }
            return true;
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = queue.poll();
                    if (task == null) {
                        running = false;
                        retired = true;
                        lanes.remove(key, this);
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Tasks complete their own futures; reaching here is a bug, but the lane must go on.
                    LOG.error("Ordered task for {} failed", key, e);
                }
            }
        }
    }
}
