package io.runnel.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A fixed-width-entry index file, memory-mapped lazily and unmapped by the {@link HandleCache} when idle. While
 * writable (the segment is active) the file is preallocated to {@code maxEntries} entries; {@link #seal()} trims it
 * to the entries written. The entry count lives on the heap, so an unmapped index needs no I/O to answer
 * {@link #entries()}.
 *
 * <p>Indexes are never fsynced: dirty pages reach the disk whenever the kernel writes them back. An index is
 * derived data; on open it is checked against its log (see {@code LogSegment.loadFromIndexes}) and rebuilt
 * when missing or implausible (docs/decisions/0004-storage-index-durability.md).
 *
 * <p>Thread-safe: every access to the mapping is guarded by {@code this} (so unmapping can never race a read);
 * writes come from the partition's appender only.
 */
abstract class MappedIndex implements HandleCache.Resource {
    private final HandleCache cache;
    private final int entryBytes;
    private Path path;
    private int entries;
    private final int maxEntries;
    /** How far (bytes) the file is known to be present in the page cache rather than a hole; see nextEntryPosition. */
    private int prefilledBytes;
    /** Zeros written ahead of the next entry at a time: a few syscalls per segment. */
    private static final int PREFILL_BYTES = 64 * 1024;
    /** Source of the prefill writes, shared and never written to (each write uses its own duplicate). */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PREFILL_BYTES).asReadOnlyBuffer();
    private boolean writable;
    private MappedByteBuffer mmap;
    private boolean closedForGood;
    /** Set when this call mapped the file: the cache hears of it after the lock is released. */
    private boolean justMapped;

    MappedIndex(HandleCache cache, Path path, int entryBytes, int entries, int maxEntries, boolean writable) {
        this.cache = cache;
        this.path = path;
        this.entryBytes = entryBytes;
        this.entries = entries;
        this.maxEntries = Math.max(maxEntries, entries);
        this.writable = writable;
        this.prefilledBytes = entries * entryBytes;
    }

    /** Creates (or truncates) a preallocated, empty, writable index file. */
    static void createFile(Path path, int maxBytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.setLength(0);
            raf.setLength(maxBytes);
        }
    }

    static int entriesInFile(Path path, int entryBytes) throws IOException {
        long size = Files.size(path);
        if (size % entryBytes != 0) {
            throw new IOException("Index " + path + " has " + size + " bytes, not a multiple of " + entryBytes);
        }
        return (int) (size / entryBytes);
    }

    /** The mapping; call only while holding {@code this}. */
    protected final MappedByteBuffer buffer() {
        if (mmap == null) {
            if (closedForGood) {
                // the segment left the log (retention, compaction, delete): readers look again
                throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path.toString(), null,
                        "index closed"));
            }
            long lengthBytes = (long) (writable ? maxEntries : entries) * entryBytes;
            try (FileChannel ch = writable
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ)) {
                if (writable && ch.size() < lengthBytes) {
                    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                        raf.setLength(lengthBytes);
                    }
                }
                mmap = ch.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0,
                        lengthBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("Mapping index " + path, e);
            }
            justMapped = true;
        }
        return mmap;
    }

    /** Tells the cache about a mapping made under the lock; call after leaving the synchronized block. */
    protected final void afterAccess() {
        boolean mapped;
        synchronized (this) {
            mapped = justMapped;
            justMapped = false;
        }
        if (mapped) {
            cache.onOpened(this);
        } else {
            cache.touch(this);
        }
    }

    /**
     * Binary search: the last entry for which {@code holds} is true, given that it holds for a (possibly empty)
     * prefix of the entries; -1 when it holds for none. Call while holding {@code this}.
     */
    protected final int lastEntryWhere(java.util.function.IntPredicate holds) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (holds.test(mid)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected final int entryBytes() {
        return entryBytes;
    }

    final synchronized int entries() {
        return entries;
    }

    final synchronized boolean isFull() {
        return entries >= maxEntries;
    }

    /**
     * Byte position in {@link #buffer()} where the next entry goes; the caller writes the entry there and then
     * calls {@link #entryWritten()}, both holding {@code this}. (Two calls rather than a writer callback, so that
     * an append allocates nothing.) The bytes ahead are first made present in the page cache
     * ({@link #prefillAhead}): a store into a never-written page of the preallocated (sparse) file faults on a
     * hole, which cost about 0.25 ms per page on this machine (ext4), while writing zeros ahead costs
     * microseconds per 64 KiB.
     */
    protected final int nextEntryPosition() throws IOException {
        assert Thread.holdsLock(this);
        if (!writable || entries >= maxEntries) {
            throw new IllegalStateException("Index not writable or full: " + path + " entries=" + entries);
        }
        int at = entries * entryBytes;
        if (at + entryBytes > prefilledBytes) {
            prefillAhead(at);
        }
        return at;
    }

    /** Counts the entry just written at {@link #nextEntryPosition()}. Holding {@code this}. */
    protected final void entryWritten() {
        assert Thread.holdsLock(this);
        entries++;
    }

    /**
     * Writes zeros from {@code fromBytes} (the first unwritten entry; nothing past it holds data) up to
     * {@link #PREFILL_BYTES} further, with a plain write instead of through the mapping. Holding {@code this}.
     */
    private void prefillAhead(int fromBytes) throws IOException {
        long end = Math.min((long) maxEntries * entryBytes, (long) fromBytes + PREFILL_BYTES);
        ByteBuffer zeros = ZEROS.duplicate().limit((int) (end - fromBytes));
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long pos = fromBytes;
            while (zeros.hasRemaining()) {
                pos += ch.write(zeros, pos);
            }
        }
        prefilledBytes = (int) end;
    }

    /** Drops every entry (before a rebuild). */
    final synchronized void clear() {
        entries = 0;
    }

    /** Unmaps, trims the file to its entries and makes the index read-only. */
    final void seal() throws IOException {
        boolean unmapped;
        synchronized (this) {
            unmapped = unmapLocked();
            if (writable) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate((long) entries * entryBytes);
                }
            }
            writable = false;
        }
        if (unmapped) {
            cache.onClosed(this);
        }
    }

    /** Unmaps without trimming: the next access maps it again. */
    @Override
    public final boolean closeIfIdle() {
        boolean unmapped;
        synchronized (this) {
            unmapped = unmapLocked();
        }
        if (unmapped) {
            cache.onClosed(this);
        }
        return true;
    }

    /** Trims (when writable) and unmaps for good: the log is closing or the segment is deleted. */
    final void close(boolean trim) throws IOException {
        if (trim && !closedForGood) {
            seal();
        }
        boolean unmapped;
        synchronized (this) {
            unmapped = unmapLocked();
            closedForGood = true;
        }
        if (unmapped) {
            cache.onClosed(this);
        }
    }

    final synchronized void renameTo(Path target) throws IOException {
        if (Files.exists(path)) {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        }
        path = target;
    }

    final synchronized Path path() {
        return path;
    }

    private boolean unmapLocked() {
        if (mmap == null) {
            return false;
        }
        Unmapper.unmap(mmap);
        mmap = null;
        return true;
    }
}
