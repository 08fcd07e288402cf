package io.runnel.broker.partition;

import io.runnel.broker.partition.ProducerStateManager.BatchMetadata;
import io.runnel.broker.partition.ProducerStateManager.ProducerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * The producer-state snapshot file of one partition: the {@link ProducerStateManager} as of a log offset, so that
 * recovery replays only the log after that offset.
 *
 * <pre>
 *  0      4        6        10               18            22
 *  +------+--------+--------+----------------+-------------+---------------- ... -+
 *  | magic| version| crc32c | snapshotOffset | entryCount  | entries              |
 *  | int  | short  | int    | long           | int         |                      |
 *  +------+--------+--------+----------------+-------------+---------------- ... -+
 *  entry:  producerId long | epoch short | lastAppendTimeMs long | batchCount byte |
 *          batchCount x ( firstSequence int | lastSequence int | firstOffset long |
 *                         lastOffset long | appendTimeMs long )
 * </pre>
 * The CRC32C covers every byte after the crc field. {@code snapshotOffset} is the log end offset the state
 * corresponds to: batches at or above it are replayed from the log. Written to a temporary file, fsynced and
 * renamed, so a crash leaves either the old or the new snapshot, never a torn one.
 *
 * <p>Stateless; callers serialize writes to one file.
 */
public final class ProducerSnapshotFormat {
    public static final int MAGIC = 0x524e5053; // "RNPS"
    public static final short VERSION = 1;
    static final int CRC_OFFSET = 6;
    static final int CRC_COVERED_FROM = 10;
    static final int HEADER_BYTES = 22;
    static final int ENTRY_HEADER_BYTES = 8 + 2 + 8 + 1;
    static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    private ProducerSnapshotFormat() {
    }

    /** The state read from a snapshot: the offset it is valid at and the manager it fills. */
    public record Snapshot(long offset, ProducerStateManager state) {
    }

    public static void write(Path file, long snapshotOffset, ProducerStateManager state) throws IOException {
        Map<Long, ProducerEntry> entries = state.entries();
        int size = HEADER_BYTES;
        for (ProducerEntry e : entries.values()) {
            size += ENTRY_HEADER_BYTES + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(MAGIC).putShort(VERSION).putInt(0).putLong(snapshotOffset).putInt(entries.size());
        for (Map.Entry<Long, ProducerEntry> e : entries.entrySet()) {
            ProducerEntry entry = e.getValue();
            buf.putLong(e.getKey()).putShort(entry.epoch()).putLong(entry.lastAppendTimeMs())
                    .put((byte) entry.batches().size());
            for (BatchMetadata b : entry.batches()) {
                buf.putInt(b.firstSequence()).putInt(b.lastSequence()).putLong(b.firstOffset())
                        .putLong(b.lastOffset()).putLong(b.appendTimeMs());
            }
        }
        buf.flip();
        // Crc32C offsets are relative to the buffer's position, hence after the flip.
        buf.putInt(CRC_OFFSET, (int) Crc32C.compute(buf, CRC_COVERED_FROM, size - CRC_COVERED_FROM));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
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
    }

    /** Reads a snapshot; a missing file is empty, a corrupt one throws {@link CorruptSnapshotException}. */
    public static java.util.Optional<Snapshot> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        try {
            if (buf.remaining() < HEADER_BYTES || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION) {
                throw new CorruptSnapshotException(file + ": not a producer snapshot v" + VERSION);
            }
            int crc = (int) Crc32C.compute(buf, CRC_COVERED_FROM, buf.limit() - CRC_COVERED_FROM);
            if (crc != buf.getInt(CRC_OFFSET)) {
                throw new CorruptSnapshotException(file + ": CRC mismatch");
            }
            buf.position(CRC_COVERED_FROM);
            long offset = buf.getLong();
            int count = buf.getInt();
            ProducerStateManager state = new ProducerStateManager();
            for (int i = 0; i < count; i++) {
                long producerId = buf.getLong();
                short epoch = buf.getShort();
                long lastAppendTimeMs = buf.getLong();
                int batchCount = buf.get();
                List<BatchMetadata> batches = new ArrayList<>(batchCount);
                for (int j = 0; j < batchCount; j++) {
                    batches.add(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(),
                            buf.getLong()));
                }
                state.restore(producerId, epoch, lastAppendTimeMs, batches);
            }
            return java.util.Optional.of(new Snapshot(offset, state));
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptSnapshotException(file + ": truncated");
        }
    }

    /** The snapshot file cannot be used; recovery falls back to replaying the whole log. */
    public static final class CorruptSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        public CorruptSnapshotException(String message) {
            super(message);
        }
    }
}
