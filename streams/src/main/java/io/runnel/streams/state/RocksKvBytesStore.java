package io.runnel.streams.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link KvBytesStore} in a local RocksDB database. The changelog topic is the durable copy, so the directory is
 * wiped on open and RocksDB's own write-ahead log is off: a store is always rebuilt from its changelog (see
 * {@code StateRestorer}). Task-thread owned.
 */
public final class RocksKvBytesStore implements KvBytesStore {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    public RocksKvBytesStore(Path dir) {
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
            options = new Options().setCreateIfMissing(true);
            writeOptions = new WriteOptions().setDisableWAL(true);
            db = RocksDB.open(options, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create state directory " + dir, e);
        } catch (RocksDBException e) {
            throw new StateStoreException("Cannot open RocksDB at " + dir, e);
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

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB put failed", e);
        }
    }

    @Override
    public void delete(byte[] key) {
        try {
            db.delete(writeOptions, key);
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB delete failed", e);
        }
    }

    @Override
    public void range(byte[] from, byte[] toExclusive, EntryVisitor visitor) {
        try (RocksIterator it = db.newIterator()) {
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
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
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
