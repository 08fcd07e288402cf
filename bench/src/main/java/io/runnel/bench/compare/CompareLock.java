package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One comparison at a time per machine: two would fight over the fixed loopback ports and each would measure
 * the other's load. An OS file lock in the cache directory (released by the OS if the JVM dies); a second run
 * waits for it, bounded. Held by the harness thread for the whole run.
 */
final class CompareLock implements AutoCloseable {

    private static final long POLL_NS = TimeUnit.SECONDS.toNanos(2);

    private final FileChannel channel;
    private final FileLock lock;

    private CompareLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static CompareLock acquire(Path cacheDir, long waitMs, PrintWriter out) {
        Path file = cacheDir.resolve("compare.lock");
        try {
            Files.createDirectories(cacheDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            boolean told = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new CompareLock(channel, lock);
                }
                if (System.nanoTime() >= deadlineNs) {
                    channel.close();
                    throw new BenchException("another bench compare still holds " + file + " after " + waitMs + " ms");
                }
                if (!told) {
                    out.println("waiting for another bench compare on this machine to finish (" + file + ") ...");
                    told = true;
                }
                LockSupport.parkNanos(POLL_NS);
            }
        } catch (IOException e) {
            throw new BenchException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Null when held elsewhere: by another process, or (OverlappingFileLockException) by this JVM. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new BenchException("cannot release the compare lock: " + e.getMessage(), e);
        }
    }
}
