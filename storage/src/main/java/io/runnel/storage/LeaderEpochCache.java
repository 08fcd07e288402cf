package io.runnel.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader epoch -> start offset of that epoch in this log, written to {@code leader-epoch-checkpoint}
 * (format in {@link LogDirFormat}) each time it changes, which is rare (a new leader epoch, a truncation).
 * Answers OffsetForLeaderEpoch: where did epoch e end? The append path replaces the file atomically without
 * fsync; the flusher fsyncs it ({@link #flushIfDirty()}) before it declares data durable, so an epoch entry is
 * durable no later than the first record of its epoch, and recovery drops entries past the recovered end.
 *
 * <p>Thread-safe: guarded by {@code this}. Changed by the partition's appender; read by any thread.
 */
final class LeaderEpochCache {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCache.class);

    private record Entry(int epoch, long startOffset) {
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private boolean dirty;

    private LeaderEpochCache(Path file) {
        this.file = file;
    }

    static LeaderEpochCache load(Path partitionDir) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(partitionDir.resolve(LogDirFormat.LEADER_EPOCH_FILE));
        Optional<List<String>> lines;
        try {
            lines = LogDirFormat.readCheckpointEntries(cache.file);
        } catch (IOException e) {
            // an empty cache only makes OffsetForLeaderEpoch answer less precisely; the log itself is intact
            LOG.warn("Ignoring unreadable leader epoch checkpoint {}: {}", cache.file, e.getMessage());
            return cache;
        }
        if (lines.isPresent()) {
            for (String line : lines.get()) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length != 2) {
                    LOG.warn("Ignoring malformed leader epoch entry '{}' in {}", line, cache.file);
                    continue;
                }
                cache.entries.add(new Entry(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
            }
        }
        return cache;
    }

    /** Records that {@code epoch} starts at {@code startOffset}, if it is newer than the latest known epoch. */
    /** True when {@link #assign} with {@code epoch} would add an entry and so write the checkpoint file. */
    synchronized boolean assignWrites(int epoch) {
        return epoch >= 0 && (entries.isEmpty() || entries.get(entries.size() - 1).epoch < epoch);
    }

    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        if (!entries.isEmpty() && entries.get(entries.size() - 1).epoch >= epoch) {
            return;
        }
        entries.add(new Entry(epoch, startOffset));
        persist();
    }

    /** Drops epochs that start at or after {@code endOffset} (the log was truncated to it). */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        boolean changed = entries.removeIf(e -> e.startOffset >= endOffset);
        if (changed) {
            persist();
        }
    }

    /** The log now starts at {@code startOffset}: older epochs go, the one covering it starts there. */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        int keepFrom = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startOffset <= startOffset) {
                keepFrom = i;
            }
        }
        if (keepFrom == 0 && (entries.isEmpty() || entries.get(0).startOffset >= startOffset)) {
            return;
        }
        Entry covering = entries.get(keepFrom);
        entries.subList(0, keepFrom + 1).clear();
        entries.add(0, new Entry(covering.epoch, startOffset));
        persist();
    }

    /**
     * End offset of {@code epoch}: the log end offset for the latest epoch, else the start offset of the next
     * larger epoch; empty when the epoch is larger than any known or nothing is known.
     */
    synchronized Optional<EpochEndOffset> endOffsetFor(int epoch, long logEndOffset) {
        if (entries.isEmpty() || epoch < 0) {
            return Optional.empty();
        }
        Entry latest = entries.get(entries.size() - 1);
        if (epoch == latest.epoch) {
            return Optional.of(new EpochEndOffset(epoch, logEndOffset));
        }
        Entry floor = null;
        for (Entry e : entries) {
            if (e.epoch > epoch) {
                return Optional.of(new EpochEndOffset(floor == null ? epoch : floor.epoch, e.startOffset));
            }
            floor = e;
        }
        return Optional.empty();
    }

    synchronized OptionalLong latestEpoch() {
        return entries.isEmpty() ? OptionalLong.empty() : OptionalLong.of(entries.get(entries.size() - 1).epoch);
    }

    private void persist() throws IOException {
        List<String> lines = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            lines.add(e.epoch + " " + e.startOffset);
        }
        LogDirFormat.writeCheckpointEntries(file, lines, false);
        dirty = true;
    }

    /** fsyncs the checkpoint if it changed since the last call (flusher thread). */
    void flushIfDirty() throws IOException {
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
        }
        LogDirFormat.fsyncFileAndDirectory(file);
    }
}
