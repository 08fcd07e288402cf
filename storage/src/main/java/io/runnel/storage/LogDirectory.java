package io.runnel.storage;

import io.runnel.common.Time;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared context of every partition log in one log directory: the clock, the handle LRU, the flusher, the
 * background scheduler, and the directory's health. The first I/O error takes the directory offline for good
 * (until restart): from then on every operation on its logs throws {@link StorageException}.
 *
 * <p>Thread-safe: the offline cause is a volatile written once (first failure wins).
 */
final class LogDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);

    private final Path path;
    private final Time time;
    private final HandleCache handles;
    private final Flusher flusher;
    private final ScheduledExecutorService scheduler;
    private volatile StorageException offlineCause;
    private final Set<PendingTask> pending = ConcurrentHashMap.newKeySet();
    /** Partition directories were created in the log dir since its last fsync. */
    private final AtomicBoolean entriesDirty = new AtomicBoolean();

    LogDirectory(Path path, Time time, HandleCache handles, Flusher flusher, ScheduledExecutorService scheduler) {
        this.path = path;
        this.time = time;
        this.handles = handles;
        this.flusher = flusher;
        this.scheduler = scheduler;
    }

    /**
     * Takes the directory offline because {@code operation} failed; returns the exception for the caller to
     * throw. Logged once, at the transition; later failures only throw.
     */
    StorageException fail(String operation, IOException cause) {
        StorageException e = new StorageException("I/O error in log directory " + path + " during " + operation
                + ": the directory is offline", cause);
        synchronized (this) {
            if (offlineCause == null) {
                offlineCause = e;
                LOG.error("Log directory {} is offline after an I/O error during {}", path, operation, cause);
            }
        }
        return e;
    }

    /** A partition directory was created: the next flush of any log fsyncs the log dir once for all of them. */
    void markEntriesDirty() {
        entriesDirty.set(true);
    }

    void fsyncIfEntriesDirty() throws IOException {
        if (entriesDirty.getAndSet(false)) {
            try {
                LogDirFormat.fsyncDirectory(path);
            } catch (IOException e) {
                entriesDirty.set(true);
                throw e;
            }
        }
    }

    void throwIfOffline() {
        StorageException cause = offlineCause;
        if (cause != null) {
            throw new StorageException("Log directory " + path + " is offline", cause);
        }
    }

    boolean isOffline() {
        return offlineCause != null;
    }

    Optional<StorageException> offlineCause() {
        return Optional.ofNullable(offlineCause);
    }

    /**
     * Runs {@code task} on the scheduler after {@code delayMs} (file deletions). Tasks still pending when the
     * manager closes run then ({@link #runPendingNow()}), so no deleted segment keeps its descriptors.
     */
    void schedule(String name, long delayMs, IoTask task) {
        PendingTask pending = new PendingTask(name, task);
        this.pending.add(pending);
        try {
            scheduler.schedule(pending::runOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.runOnce(); // shutting down
        }
    }

    /** Runs every scheduled task that has not run yet (close). */
    void runPendingNow() {
        for (PendingTask t : List.copyOf(pending)) {
            t.runOnce();
        }
    }

    private final class PendingTask {
        private final String name;
        private final IoTask task;
        private final AtomicBoolean started = new AtomicBoolean();

        PendingTask(String name, IoTask task) {
            this.name = name;
            this.task = task;
        }

        void runOnce() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            pending.remove(this);
            try {
                task.run();
            } catch (IOException e) {
                throw fail(name, e);
            }
        }
    }

    interface IoTask {
        void run() throws IOException;
    }

    Path path() {
        return path;
    }

    Time time() {
        return time;
    }

    HandleCache handles() {
        return handles;
    }

    Flusher flusher() {
        return flusher;
    }
}
