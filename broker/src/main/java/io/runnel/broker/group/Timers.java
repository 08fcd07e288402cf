package io.runnel.broker.group;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Keyed deadlines of one coordinator shard (session, join, sync and retention timeouts). Scheduling a key again
 * replaces its deadline. The runtime calls {@link #poll(long)} when {@link #nextDeadlineMs()} is reached; tests call
 * it with a fake clock, so time is entirely driven from outside. Owned by the shard thread.
 */
final class Timers {
    private record Entry(String key, long deadlineMs, long seq, LongConsumer action) {
    }

    private final Map<String, Entry> byKey = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>(
            Comparator.comparingLong(Entry::deadlineMs).thenComparingLong(Entry::seq));
    private long seq;

    void schedule(String key, long deadlineMs, LongConsumer action) {
        cancel(key);
        Entry e = new Entry(key, deadlineMs, seq++, action);
        byKey.put(key, e);
        ordered.add(e);
    }

    void cancel(String key) {
        Entry e = byKey.remove(key);
        if (e != null) {
            ordered.remove(e);
        }
    }

    boolean isScheduled(String key) {
        return byKey.containsKey(key);
    }

    long deadlineOf(String key) {
        Entry e = byKey.get(key);
        return e == null ? Long.MAX_VALUE : e.deadlineMs();
    }

    long nextDeadlineMs() {
        return ordered.isEmpty() ? Long.MAX_VALUE : ordered.first().deadlineMs();
    }

    /** Runs every timer due at {@code nowMs}, earliest first (actions may schedule more). Returns how many ran. */
    int poll(long nowMs) {
        int ran = 0;
        while (!ordered.isEmpty() && ordered.first().deadlineMs() <= nowMs) {
            Entry e = ordered.pollFirst();
            byKey.remove(e.key());
            e.action().accept(nowMs);
            ran++;
        }
        return ran;
    }

    void clear() {
        byKey.clear();
        ordered.clear();
    }

    int size() {
        return byKey.size();
    }
}
