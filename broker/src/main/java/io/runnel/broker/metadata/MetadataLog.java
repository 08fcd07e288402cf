package io.runnel.broker.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local metadata log: an append-only file of batches ({@link MetadataLogFormat}), each fsynced before the
 * append returns. On open it is replayed batch by batch; a torn or corrupt tail (a crash during an append) is
 * truncated and logged. Offsets are dense from 0.
 *
 * <p>Thread: confined to the metadata thread of {@link MetadataService} (opened by the starting thread before
 * that thread exists).
 */
public final class MetadataLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataLog.class);

    /** Receives each replayed batch, in order. */
    public interface BatchConsumer {
        void accept(long baseOffset, List<MetadataRecord> records);
    }

    private final Path file;
    private final FileChannel channel;
    private long nextOffset;

    private MetadataLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if absent) the log in {@code dir} and replays it into {@code consumer}. */
    public static MetadataLog openAndReplay(Path dir, BatchConsumer consumer) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(MetadataLogFormat.FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        MetadataLog log = new MetadataLog(file, channel);
        try {
            if (created) {
                syncDirectory(dir);
            }
            log.replay(consumer);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return log;
    }

    private void replay(BatchConsumer consumer) throws IOException {
        long size = channel.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(MetadataLogFormat.BATCH_HEADER_BYTES);
        while (position < size) {
            String problem = null;
            ByteBuffer batch = null;
            if (size - position < MetadataLogFormat.BATCH_HEADER_BYTES) {
                problem = "incomplete batch header";
            } else {
                header.clear();
                readFully(header, position);
                int length = header.getInt(MetadataLogFormat.LENGTH_OFFSET);
                long batchBytes = (long) length + MetadataLogFormat.LENGTH_FIELD_BYTES;
                if (length < MetadataLogFormat.BATCH_HEADER_BYTES - MetadataLogFormat.LENGTH_FIELD_BYTES
                        || length > MetadataLogFormat.BATCH_BYTES_MAX) {
                    problem = "batch length " + length + " out of range";
                } else if (position + batchBytes > size) {
                    problem = "incomplete batch";
                } else {
                    batch = ByteBuffer.allocate((int) batchBytes);
                    readFully(batch, position);
                    batch.flip();
                    if (!MetadataLogFormat.crcMatches(batch)) {
                        problem = "CRC mismatch";
                    } else if (MetadataLogFormat.baseOffset(batch) != nextOffset) {
                        problem = "base offset " + MetadataLogFormat.baseOffset(batch) + ", expected " + nextOffset;
                    }
                }
            }
            if (problem != null) {
                LOG.warn("Metadata log {}: {} at position {}; truncating {} bytes (a crash during an append)",
                        file, problem, position, size - position);
                channel.truncate(position);
                channel.force(true);
                break;
            }
            List<MetadataRecord> records = MetadataLogFormat.decodeRecords(batch);
            consumer.accept(nextOffset, records);
            nextOffset += records.size();
            position += batch.limit();
        }
        channel.position(channel.size());
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + file);
            }
            at += n;
        }
    }

    /** Appends one batch and fsyncs it; returns the offset of its first record. */
    public long append(List<MetadataRecord> records) throws IOException {
        long baseOffset = nextOffset;
        ByteBuffer batch = MetadataLogFormat.encodeBatch(baseOffset, records);
        long start = channel.position();
        try {
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
            channel.force(false);
        } catch (IOException e) {
            // Leave no partial batch behind for the next append to follow.
            channel.truncate(start);
            channel.position(start);
            throw e;
        }
        nextOffset += records.size();
        return baseOffset;
    }

    /** The offset the next record will get. */
    public long nextOffset() {
        return nextOffset;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the file's own fsync still covers its data.
            LOG.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
