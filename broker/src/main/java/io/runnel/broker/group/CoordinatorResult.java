package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;

/**
 * What one shard event produced: the records to append to the shard's partition (already applied to the shard's
 * state) and the responses to release once those records, and every record appended before them, are durable.
 * Owned by the shard thread until handed to the runtime.
 */
public final class CoordinatorResult {
    private final List<GroupRecord> records = new ArrayList<>();
    private final List<Runnable> completions = new ArrayList<>();

    void addRecord(GroupRecord record) {
        records.add(record);
    }

    /** Runs after durability: completes a response future. */
    void addCompletion(Runnable completion) {
        completions.add(completion);
    }

    public List<GroupRecord> records() {
        return records;
    }

    public List<Runnable> completions() {
        return completions;
    }

    public boolean isEmpty() {
        return records.isEmpty() && completions.isEmpty();
    }
}
