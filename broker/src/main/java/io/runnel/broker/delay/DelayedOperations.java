package io.runnel.broker.delay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registry of delayed operations waiting on keys (a topic-partition for fetches and acks=all produces, a group id
 * for join waits), with their deadlines on a shared {@link TimerWheel}.
 *
 * <p>An event on a key ({@link #checkAndComplete}) re-checks only the operations watching that key. An operation
 * that completes through one key stays listed under its other keys until those lists are next touched or the
 * periodic purge (every {@code purgeInterval} registrations) sweeps them.
 *
 * <p>Thread-safe: watch lists are synchronized individually; an operation's {@code tryComplete} runs under the
 * operation's own monitor.
 *
 * @param <K> the key type
 */
public final class DelayedOperations<K> {
    private static final int PURGE_INTERVAL = 1024;

    private final TimerWheel wheel;
    private final ConcurrentMap<K, WatchList> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger watchCount = new AtomicInteger();
    private final AtomicInteger sincePurge = new AtomicInteger();

    public DelayedOperations(TimerWheel wheel) {
        this.wheel = wheel;
    }

    /**
     * Completes {@code op} now if its condition holds; otherwise watches it under every key and arms its deadline.
     * Returns true when it completed within this call.
     */
    public boolean tryCompleteElseWatch(DelayedOperation op, List<K> keys) {
        if (tryCompleteLocked(op)) {
            return true;
        }
        for (K key : keys) {
            if (op.isCompleted()) {
                return false;
            }
            while (!watchers.computeIfAbsent(key, k -> new WatchList()).add(op)) {
                Thread.onSpinWait(); // that list was just retired as empty; the next lookup makes a fresh one
            }
            watchCount.incrementAndGet();
        }
        // Re-check: an event may have slipped in between the first check and the registration.
        if (tryCompleteLocked(op)) {
            return true;
        }
        if (!op.isCompleted()) {
            op.armExpiry(wheel);
        }
        if (sincePurge.incrementAndGet() >= PURGE_INTERVAL) {
            sincePurge.set(0);
            purgeCompleted();
        }
        return false;
    }

    /** Re-checks the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        WatchList list = watchers.get(key);
        if (list == null) {
            return 0;
        }
        int completed = 0;
        for (DelayedOperation op : list.snapshotAndPrune()) {
            if (tryCompleteLocked(op)) {
                completed++;
            }
        }
        list.retireIfEmpty(key);
        return completed;
    }

    /** Operations still listed (completed ones not yet purged included). */
    public int watched() {
        return watchCount.get();
    }

    /** Drops completed operations from every list. */
    public void purgeCompleted() {
        for (var e : watchers.entrySet()) {
            e.getValue().snapshotAndPrune();
            e.getValue().retireIfEmpty(e.getKey());
        }
    }

    private static boolean tryCompleteLocked(DelayedOperation op) {
        if (op.isCompleted()) {
            return false;
        }
        synchronized (op) {
            return op.tryComplete();
        }
    }

    /** The operations watching one key. Guarded by its own monitor. */
    private final class WatchList {
        private final List<DelayedOperation> ops = new ArrayList<>();
        private boolean retired;

        /** False when this list was retired; the caller must look the key up again. */
        synchronized boolean add(DelayedOperation op) {
            if (retired) {
                return false;
            }
            ops.add(op);
            return true;
        }

        synchronized void retireIfEmpty(K key) {
            if (ops.isEmpty() && !retired) {
                retired = true;
                watchers.remove(key, this);
            }
        }

        /** Removes completed operations and returns the rest, to be checked outside the list's monitor. */
        synchronized List<DelayedOperation> snapshotAndPrune() {
            Iterator<DelayedOperation> it = ops.iterator();
            while (it.hasNext()) {
                if (it.next().isCompleted()) {
                    it.remove();
                    watchCount.decrementAndGet();
                }
            }
            return new ArrayList<>(ops);
        }
    }
}
