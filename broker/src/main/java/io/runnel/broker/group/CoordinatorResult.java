package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What one shard event produced: the records to append to the shard's partition (already applied to the shard's
 * state) and the responses to release once those records, and every record appended before them, are durable.
 * Owned by the shard thread until handed to the runtime.
 */
public final class CoordinatorResult {
    private final List<GroupRecord> records = new ArrayList<>();
    private final List<Completion> completions = new ArrayList<>();

    void addRecord(GroupRecord record) {
        records.add(record);
    }

    /** Completes a response future once durable, or fails it if the records could not be stored. */
    <T> void addCompletion(CompletableFuture<T> future, T value) {
        completions.add(new Completion(() -> future.complete(value), future::completeExceptionally));
    }

    public List<GroupRecord> records() {
        return records;
    }

    public List<Completion> completions() {
        return completions;
    }

    /** Releases every response (records durable). */
    public void complete() {
        completions.forEach(c -> c.onDurable().run());
    }

    /** Fails every response (records not stored). */
    public void fail(Throwable cause) {
        completions.forEach(c -> c.onFailure().accept(cause));
    }

    /** One deferred response. */
    public record Completion(Runnable onDurable, Consumer<Throwable> onFailure) {
    }

    public boolean isEmpty() {
        return records.isEmpty() && completions.isEmpty();
    }
}
