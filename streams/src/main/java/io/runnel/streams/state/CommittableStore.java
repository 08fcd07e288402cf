package io.runnel.streams.state;

/**
 * A task's local store under a {@link LoggedStore}: besides the entries it keeps a checkpoint, the changelog position
 * its contents equal, which it records atomically with each commit. Task-thread owned.
 */
public interface CommittableStore extends KvBytesStore {
    /**
     * The source position the contents correspond to, as recorded by the last {@link #commit}: the contents equal
     * the changelog (or table topic) replayed up to, not including, that offset. -1: none recorded (treat the
     * contents as unknown).
     */
    long checkpoint();

    /**
     * Applies {@code changes} (a null value deletes) and records {@code position} as the checkpoint. The changes
     * apply all or none; after a crash the recorded checkpoint is never above the position the contents equal
     * (it may be the previous one), which is what restore relies on.
     */
    default void commit(java.util.Map<Bytes, byte[]> changes, long position) {
        commit(java.util.List.of(), java.util.List.of(changes), position);
    }

    /**
     * As {@link #commit(java.util.Map, long)}, removing every entry in {@code deletedRanges} ({@code {from,
     * toExclusive}} pairs) before the changes apply, and taking the changes as generations, oldest first: on a key
     * in several, the last one's value wins.
     */
    void commit(java.util.List<byte[][]> deletedRanges, java.util.List<java.util.Map<Bytes, byte[]>> changes,
                long position);

    /** Removes every entry and the checkpoint. */
    void clear();
}
