package io.runnel.streams.runtime;

import io.runnel.streams.internals.TaskId;
import io.runnel.streams.state.RocksKvBytesStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local state of one application on this machine: {@code <state.dir>/<application>/<task>/<store>}. A task's
 * directory is kept across runs (its stores' checkpoints spare the full changelog replay) and locked while a thread
 * owns the task: a file lock against other processes, and a JVM-wide set against other threads and workers of this
 * process (file locks are per process). A task whose directory is locked elsewhere (two workers sharing a state dir,
 * or a previous owner not yet closed) gets a scratch directory, wiped when the task closes; it then restores fully.
 *
 * <p>Owned by one stream thread; the JVM-wide set is thread-safe.
 */
final class StateDirectory {
    private static final Set<Path> LOCKED_IN_JVM = ConcurrentHashMap.newKeySet();

    private final Path appDir;
    private final Map<TaskId, Lease> leases = new HashMap<>();

    StateDirectory(Path stateDir, String applicationId) {
        this.appDir = stateDir.resolve(applicationId).toAbsolutePath().normalize();
    }

    /** The directory for {@code id}'s stores, locked for this thread until {@link #release(TaskId)}. */
    Path lock(TaskId id) {
        Lease existing = leases.get(id);
        if (existing != null) {
            return existing.dir;
        }
        Path dir = appDir.resolve(id.toString());
        Lease lease = tryLock(dir);
        if (lease == null) {
            lease = new Lease(appDir.resolve("scratch-" + UUID.randomUUID()).resolve(id.toString()), null, null, true);
        }
        leases.put(id, lease);
        return lease.dir;
    }

    /** Whether {@code id} got its own kept directory (false: a scratch one). */
    boolean kept(TaskId id) {
        Lease lease = leases.get(id);
        return lease != null && !lease.scratch;
    }

    /** Unlocks after the task's stores are closed; a scratch directory is deleted. */
    void release(TaskId id) {
        Lease lease = leases.remove(id);
        if (lease == null) {
            return;
        }
        if (lease.scratch) {
            RocksKvBytesStore.deleteDirectory(lease.dir.getParent());
            return;
        }
        try {
            lease.fileLock.release();
            lease.channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unlock " + lease.dir, e);
        } finally {
            LOCKED_IN_JVM.remove(lease.dir);
        }
    }

    void releaseAll() {
        for (TaskId id : Set.copyOf(leases.keySet())) {
            release(id);
        }
    }

    private static Lease tryLock(Path dir) {
        if (!LOCKED_IN_JVM.add(dir)) {
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Lease(dir, channel, lock, false);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM through a channel we do not track: treat as locked
        } catch (IOException e) {
            LOCKED_IN_JVM.remove(dir);
            throw new UncheckedIOException("Cannot lock state directory " + dir, e);
        }
        closeChannel(channel);
        LOCKED_IN_JVM.remove(dir);
        return null;
    }

    private static void closeChannel(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close a state directory lock file", e);
        }
    }

    private record Lease(Path dir, FileChannel channel, FileLock fileLock, boolean scratch) {
    }
}
