package io.runnel.streams.internals;

import io.runnel.streams.state.Bytes;
import io.runnel.streams.state.ChangelogChunk;
import io.runnel.streams.state.CommittableStore;
import io.runnel.streams.state.KvBytesStore;
import io.runnel.streams.state.LoggedStore;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a task's stores before it processes anything.
 *
 * <p>A local store left by an earlier run on this worker starts from its checkpoint C (the changelog position its
 * contents equal, see {@code LoggedStore#commit}): only the changelog from C on is replayed. Replaying a changelog
 * segment [C, L) over contents that equal any prefix between C and L gives the prefix at L, so a checkpoint that
 * lags the contents is harmless. A store without a checkpoint, or whose checkpoint is past the restore limit (a
 * commit point older than the local state, or a recreated changelog), is cleared and replayed from offset 0.
 *
 * <p>A logged store replays its changelog partition up to the end offset recorded in the task's last commit
 * ({@link CommitMetadata}); whatever the crashed run wrote after that point reflects input that will be processed
 * again, so it is rolled back: for each key written after the commit point, the restored value (or a tombstone) is
 * appended to the changelog again. Without commit metadata (first run, or a cluster that drops offset-commit
 * metadata) the whole changelog is replayed. A table store replays its source topic up to the committed input
 * offset. Called by the task's thread.
 */
public final class StateRestorer {
    private static final Logger log = LoggerFactory.getLogger(StateRestorer.class);

    private StateRestorer() {
    }

    /**
     * Restores every store of {@code task}. Returns the changelog end offsets after restore (store name -> offset),
     * the starting point for the next commit's metadata.
     */
    public static Map<String, Long> restore(Task task, CommitMetadata committed, Map<String, Long> committedOffsets,
                                            ChangelogReader reader) {
        String app = task.applicationId();
        int partition = task.id().partition();
        Map<String, Long> ends = new java.util.HashMap<>();
        for (StoreDef def : task.subtopology().stores()) {
            LoggedStore store = task.stores().get(def.name());
            CommittableStore backing = store.backing();
            String topic = def.changelogTopic(app);
            long[] count = {0};
            if (!def.logged()) {
                long limit = committedOffsets.getOrDefault(topic, 0L);
                long from = startFrom(backing, limit);
                reader.read(topic, partition, from, limit, (off, k, v) -> {
                    apply(backing, k, v);
                    count[0]++;
                });
                backing.commit(Map.of(), limit);
                task.addRestoredRecords(count[0]);
                continue;
            }
            long end = reader.endOffset(topic, partition);
            long limit = end;
            if (committed != null && committed.changelogEndOffsets().containsKey(def.name())) {
                limit = Math.min(end, committed.changelogEndOffsets().get(def.name()));
            } else if (committed == null && committedOffsets.isEmpty()) {
                limit = 0; // never committed: everything in the changelog came from input that will be replayed
            }
            long from = startFrom(backing, limit);
            ChangelogChunk.EntryConsumer restoreEntry = (ek, ev) -> apply(backing, ek, ev);
            reader.read(topic, partition, from, limit, (off, k, v) -> {
                store.forEachLoggedEntry(k, v, topic, partition, off, restoreEntry);
                count[0]++;
            });
            backing.commit(Map.of(), limit);
            if (limit < end) {
                Set<Bytes> touched = new LinkedHashSet<>();
                reader.read(topic, partition, limit, end, (off, k, v) -> store.forEachLoggedEntry(k, v, topic,
                        partition, off, (ek, ev) -> touched.add(Bytes.wrap(ek))));
                store.relogCommitted(touched);
                log.info("Task {} store {}: rolled back {} keys written after the last commit (changelog {}..{})",
                        task.id(), def.name(), touched.size(), limit, end);
            }
            log.info("Task {} store {}: restored {} changelog records ({}..{})", task.id(), def.name(), count[0], from,
                    limit);
            task.addRestoredRecords(count[0]);
            ends.put(def.name(), end);
        }
        return ends;
    }

    /** Where replay starts: the local checkpoint when usable, else 0 after clearing the local store. */
    private static long startFrom(CommittableStore backing, long limit) {
        long checkpoint = backing.checkpoint();
        if (checkpoint >= 0 && checkpoint <= limit) {
            return checkpoint;
        }
        backing.clear();
        return 0;
    }

    private static void apply(KvBytesStore store, byte[] key, byte[] value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }
}
