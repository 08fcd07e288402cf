package io.runnel.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the file descriptors and mmaps a {@link LogManager} holds: every segment file ({@link SegmentFile}) and
 * index ({@link MappedIndex}) opens lazily, registers here, and the least recently used idle ones are closed
 * when more than {@code runnel.log.open.handles.max} are open. A resource in use (a {@link LogSlice} not yet
 * released, an index lookup in progress) refuses to close, so the bound is exceeded only by what is in use.
 *
 * <p>Thread-safe: the LRU order is guarded by {@code this}; resources are closed outside that lock (a resource
 * calls in here after releasing its own lock, so the two locks are never nested in opposite orders).
 * See docs/decisions/0003-storage-handle-lru.md.
 */
final class HandleCache {
    /** Something holding a descriptor or a mapping. */
    interface Resource {
        /** Closes the descriptor/mapping unless in use; true when it is closed afterwards. */
        boolean closeIfIdle();
    }

    /** Opens segment files; tests substitute a fault-injecting channel. */
    interface ChannelOpener {
        ChannelOpener DEFAULT = FileChannel::open;

        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    private static final int VICTIMS_PER_PASS_EXTRA = 16;

    private final ChannelOpener opener;
    private final int openMax;
    private final LinkedHashMap<Resource, Boolean> lru = new LinkedHashMap<>(64, 0.75f, true);
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicInteger openedTotal = new AtomicInteger();

    HandleCache(int openMax, ChannelOpener opener) {
        this.openMax = openMax;
        this.opener = opener;
    }

    FileChannel openChannel(Path path, OpenOption... options) throws IOException {
        return opener.open(path, options);
    }

    /** Called by a resource after it opened (outside its own lock). May close other idle resources. */
    void onOpened(Resource resource) {
        openCount.incrementAndGet();
        openedTotal.incrementAndGet();
        List<Resource> victims;
        synchronized (this) {
            lru.put(resource, Boolean.TRUE);
            int excess = openCount.get() - openMax;
            if (excess <= 0) {
                return;
            }
            victims = new ArrayList<>(excess + VICTIMS_PER_PASS_EXTRA);
            Iterator<Resource> it = lru.keySet().iterator();
            while (it.hasNext() && victims.size() < excess + VICTIMS_PER_PASS_EXTRA) {
                Resource r = it.next();
                if (r != resource) {
                    victims.add(r);
                }
            }
        }
        for (Resource victim : victims) {
            if (openCount.get() <= openMax) {
                break;
            }
            if (victim.closeIfIdle()) {
                synchronized (this) {
                    lru.remove(victim);
                }
            }
        }
    }

    /** Called by a resource after it closed. */
    void onClosed(Resource resource) {
        openCount.decrementAndGet();
        synchronized (this) {
            lru.remove(resource);
        }
    }

    /** Marks a resource as recently used. */
    void touch(Resource resource) {
        synchronized (this) {
            lru.get(resource);
        }
    }

    /** Descriptors and mappings open right now. */
    int openCount() {
        return openCount.get();
    }

    /** Opens since start (re-opens after eviction included): a measure of LRU churn. */
    int openedTotal() {
        return openedTotal.get();
    }

    int openMax() {
        return openMax;
    }
}
