package io.runnel.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .log} file of one segment behind a lazily opened, reference-counted {@link FileChannel}. Every user
 * brackets its I/O in {@link #acquire()} / {@link #release()}; the {@link HandleCache} may close the channel only
 * while nobody holds it. A renamed file (to .deleted, or a swap) keeps its open channel, so readers in flight
 * finish on the bytes they started with.
 *
 * <p>Thread-safe: guarded by {@code this}. The channel itself is used concurrently (positional reads/writes,
 * force) by the appender, readers and the flusher, which FileChannel supports.
 */
final class SegmentFile implements HandleCache.Resource {
    private final HandleCache cache;
    private Path path;
    private FileChannel channel;
    /** {@code channel != null}, published for {@link #isOpen()}. */
    private volatile boolean open;
    private int refs;
    private boolean writable;
    private boolean closedForGood;

    SegmentFile(HandleCache cache, Path path, boolean writable) {
        this.cache = cache;
        this.path = path;
        this.writable = writable;
    }

    /** The open channel, pinned until {@link #release()}. Throws NoSuchFileException once the file is gone. */
    FileChannel acquire() throws IOException {
        boolean opened = false;
        FileChannel ch;
        synchronized (this) {
            if (closedForGood) {
                throw new java.nio.file.NoSuchFileException(path.toString(), null, "segment closed");
            }
            if (channel == null) {
                channel = writable
                        ? cache.openChannel(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)
                        : cache.openChannel(path, StandardOpenOption.READ);
                opened = true;
                open = true;
            }
            refs++;
            ch = channel;
        }
        if (opened) {
            cache.onOpened(this);
        } else {
            cache.touch(this);
        }
        return ch;
    }

    /**
     * True while a channel is open, so {@link #acquire()} opens nothing. Read without the monitor, which
     * {@link #acquire()} holds while it opens a file: a caller that must not wait asks this first.
     */
    boolean isOpen() {
        return open;
    }

    void release() {
        boolean closed = false;
        synchronized (this) {
            if (refs <= 0) {
                throw new IllegalStateException("release without acquire: " + path);
            }
            refs--;
            if (refs == 0 && closedForGood && channel != null) {
                closeChannel();
                closed = true;
            }
        }
        if (closed) {
            cache.onClosed(this);
        }
    }

    @Override
    public boolean closeIfIdle() {
        synchronized (this) {
            if (channel == null) {
                return true;
            }
            if (refs > 0) {
                return false;
            }
            closeChannel();
        }
        cache.onClosed(this);
        return true;
    }

    /** Stops accepting new users; the channel closes when the last current user releases it. */
    void closeForGood() {
        boolean closed = false;
        synchronized (this) {
            closedForGood = true;
            if (refs == 0 && channel != null) {
                closeChannel();
                closed = true;
            }
        }
        if (closed) {
            cache.onClosed(this);
        }
    }

    /** Future opens are read-only (the segment was rolled); an open channel stays as it is. */
    synchronized void seal() {
        writable = false;
    }

    synchronized Path path() {
        return path;
    }

    synchronized void renameTo(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        path = target;
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // close of a read/written channel: data durability is handled by force(); nothing left to do
            throw new java.io.UncheckedIOException("Closing " + path, e);
        } finally {
            channel = null;
            open = false;
        }
    }
}
