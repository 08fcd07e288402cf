package io.runnel.streams.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * A {@link KvBytesStore} in a local RocksDB database under {@code dir/db}, with its checkpoint in {@code
 * dir/checkpoint} (one line: {@code v1 <position>}). The changelog topic is the durable copy; the local database
 * only saves restore time.
 *
 * <p>{@link #persistent(Path)} keeps what the directory holds. Writes between commits go through RocksDB's
 * write-ahead log unsynced; {@link #commit} writes its batch synced, then replaces the checkpoint file (write, fsync,
 * rename). A crash between the two leaves an older checkpoint below the contents, which restore handles (it replays
 * from the checkpoint, and replaying a changelog segment over a later prefix of it converges). {@link
 * #RocksKvBytesStore(Path)} wipes the directory first (scratch stores).
 *
 * <p>Memory: memtables of up to {@value #WRITE_BUFFER_BYTES} bytes, at most two per store, all of the JVM's together
 * capped at {@value #MEMTABLES_TOTAL_BYTES} bytes (a shared write buffer manager flushes the writing store early past
 * it), and one block cache of {@value #BLOCK_CACHE_BYTES} bytes shared by every store; the defaults (64 MiB
 * memtables, a cache per store, no cap) let a worker's native footprint grow with its task count. Memtables are
 * large because a join buffer's entries mostly expire (a range delete) before a flush would write them: with 4 MiB
 * memtables RocksDB's compaction thread took 1.8-2.3 CPU-seconds of a 20 s Nexmark q4 run on 2 cores, with 32 MiB
 * next to none. Task-thread owned.
 */
public final class RocksKvBytesStore implements CommittableStore {
    static {
        RocksDB.loadLibrary();
    }

    static final long WRITE_BUFFER_BYTES = 32L << 20;
    static final long MEMTABLES_TOTAL_BYTES = 128L << 20;
    static final long BLOCK_CACHE_BYTES = 16L << 20;
    private static final Cache SHARED_BLOCK_CACHE = new LRUCache(BLOCK_CACHE_BYTES);
    /** Accounts memtable memory only (the manager charges it to a cache of its own, sized to the cap). */
    private static final WriteBufferManager SHARED_WRITE_BUFFERS =
            new WriteBufferManager(MEMTABLES_TOTAL_BYTES, new LRUCache(MEMTABLES_TOTAL_BYTES));
    private static final String CHECKPOINT_FILE = "checkpoint";

    private final Path dir;
    private final Options options;
    private final WriteOptions writeOptions;
    private final WriteOptions commitOptions;
    private RocksDB db;
    private long checkpoint;
    /**
     * One iterator for every scan until the next write: the contents change only at writes (commits, restore), and
     * creating an iterator per scan cost as much as its seek. Null: none open.
     */
    private RocksIterator cursor;
    private boolean scanning;

    /** A scratch store: the directory is wiped first. */
    public RocksKvBytesStore(Path dir) {
        this(dir, false);
    }

    /** A store that keeps the contents and checkpoint {@code dir} holds from an earlier run. */
    public static RocksKvBytesStore persistent(Path dir) {
        return new RocksKvBytesStore(dir, true);
    }

    private RocksKvBytesStore(Path dir, boolean keep) {
        this.dir = dir;
        if (!keep) {
            deleteRecursively(dir);
        }
        options = new Options().setCreateIfMissing(true)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setWriteBufferManager(SHARED_WRITE_BUFFERS)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(SHARED_BLOCK_CACHE));
        writeOptions = new WriteOptions().setDisableWAL(!keep);
        commitOptions = new WriteOptions().setDisableWAL(!keep).setSync(keep);
        checkpoint = keep ? readCheckpoint() : -1;
        db = open();
    }

    private RocksDB open() {
        try {
            Files.createDirectories(dir.resolve("db"));
            return RocksDB.open(options, dir.resolve("db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create state directory " + dir, e);
        } catch (RocksDBException e) {
            throw new StateStoreException("Cannot open RocksDB at " + dir, e);
        }
    }

    private long readCheckpoint() {
        Path file = dir.resolve(CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return -1;
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            return parts.length == 2 && parts[0].equals("v1") ? Long.parseLong(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1; // unreadable: restore treats the contents as unknown and rebuilds them
        }
    }

    private void writeCheckpoint(long position) {
        Path tmp = dir.resolve(CHECKPOINT_FILE + ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(("v1 " + position + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(CHECKPOINT_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint of " + dir, e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB get failed", e);
        }
    }

    private void contentsChange() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        contentsChange();
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB put failed", e);
        }
    }

    @Override
    public void delete(byte[] key) {
        contentsChange();
        try {
            db.delete(writeOptions, key);
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB delete failed", e);
        }
    }

    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        if (scanning) { // a scan from inside a visitor: its own iterator
            try (RocksIterator it = db.newIterator()) {
                scan(it, from, toExclusive, visitor);
            }
            return;
        }
        if (cursor == null) {
            cursor = db.newIterator();
        }
        scanning = true;
        try {
            scan(cursor, from, toExclusive, visitor);
        } finally {
            scanning = false;
        }
    }

    private static void scan(RocksIterator it, byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        for (it.seek(from); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (toExclusive != null && Arrays.compareUnsigned(key, toExclusive) >= 0) {
                break;
            }
            if (!visitor.visit(key, it.value())) {
                break;
            }
        }
    }

    @Override
    public long checkpoint() {
        return checkpoint;
    }

    @Override
    public void commit(java.util.List<byte[][]> deletedRanges, java.util.List<Map<Bytes, byte[]>> changes,
                       long position) {
        contentsChange();
        try (WriteBatch batch = new WriteBatch()) {
            for (byte[][] r : deletedRanges) {
                batch.deleteRange(r[0], r[1]); // one range tombstone, however many keys it covers
            }
            for (Map<Bytes, byte[]> generation : changes) { // in order: a later write to a key wins in the batch
                for (Map.Entry<Bytes, byte[]> e : generation.entrySet()) {
                    if (e.getValue() == null) {
                        batch.delete(e.getKey().get());
                    } else {
                        batch.put(e.getKey().get(), e.getValue());
                    }
                }
            }
            if (batch.count() > 0) {
                db.write(commitOptions, batch);
            } else if (!commitOptions.disableWAL()) {
                db.flushWal(true); // restore wrote through the unsynced log: make it durable before the checkpoint
            }
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB commit failed", e);
        }
        if (position != checkpoint && !commitOptions.disableWAL()) {
            writeCheckpoint(position);
        }
        checkpoint = position;
    }

    @Override
    public void clear() {
        contentsChange();
        db.close();
        deleteRecursively(dir);
        checkpoint = -1;
        db = open();
    }

    @Override
    public void close() {
        contentsChange();
        db.close();
        writeOptions.close();
        commitOptions.close();
        options.close();
    }

    /** Removes a state directory and everything below it. */
    public static void deleteDirectory(Path dir) {
        deleteRecursively(dir);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe state directory " + dir, e);
        }
    }
}
