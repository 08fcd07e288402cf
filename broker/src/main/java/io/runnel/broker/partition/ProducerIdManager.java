package io.runnel.broker.partition;

import io.runnel.common.Verify;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * Hands out producer ids that never repeat, not even after a crash: ids are reserved in blocks, and the end of the
 * reserved range is fsynced to {@code producer-ids} in the data directory before any id of the block is given
 * out. After a restart allocation resumes at the persisted end, so ids of a block only partly used before the
 * crash are skipped, never reused.
 *
 * <pre>
 *  file: magic int ("RNPI") | version short | crc32c int (of the next 8 bytes) | reservedEnd long
 * </pre>
 *
 * <p>Thread-safe: allocation is synchronized; one fsync per {@code blockSize} ids.
 */
public final class ProducerIdManager {
    public static final String FILE_NAME = "producer-ids";
    public static final int DEFAULT_BLOCK_SIZE = 1000;
    private static final int MAGIC = 0x524e5049;
    private static final short VERSION = 1;
    private static final int FILE_BYTES = 4 + 2 + 4 + 8;

    private final Path file;
    private final int blockSize;
    private long next;
    private long reservedEnd;

    private ProducerIdManager(Path file, int blockSize, long start) {
        this.file = file;
        this.blockSize = blockSize;
        this.next = start;
        this.reservedEnd = start;
    }

    /** Opens (or creates) the allocator whose state lives in {@code dataDir}. */
    public static ProducerIdManager open(Path dataDir, int blockSize) throws IOException {
        Verify.that(blockSize > 0, "blockSize must be positive");
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        long start = 0;
        if (Files.exists(file)) {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buf.remaining() != FILE_BYTES || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION
                    || (int) Crc32C.compute(buf, 10, 8) != buf.getInt(6)) {
                // Refuse to guess: starting from 0 could hand out ids that live producers still use.
                throw new IOException(file + " is corrupt; producer ids cannot be allocated safely");
            }
            start = buf.getLong(10);
        }
        return new ProducerIdManager(file, blockSize, start);
    }

    /** A fresh producer id. Throws UncheckedIOException when the reservation cannot be made durable. */
    public synchronized long nextProducerId() {
        if (next == reservedEnd) {
            long end = reservedEnd + blockSize;
            try {
                persist(end);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot reserve producer ids in " + file, e);
            }
            reservedEnd = end;
        }
        return next++;
    }

    private void persist(long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(FILE_BYTES);
        buf.putInt(MAGIC).putShort(VERSION).putInt(0).putLong(end).flip();
        buf.putInt(6, (int) Crc32C.compute(buf, 10, 8));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself must survive a crash
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the file content is durable regardless.
        }
    }
}
