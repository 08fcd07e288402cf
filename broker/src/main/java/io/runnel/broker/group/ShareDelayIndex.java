package io.runnel.broker.group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The on-disk index of one share group's delayed records of one partition that the share-partition start offset
 * has passed: time bucket -> (offset, deliver-at) pairs, one append-only file per bucket, so that a million pending
 * delayed records cost a million * 16 bytes on disk and, in memory, only the set of bucket start times. A bucket
 * is read back whole once its start time has come ({@link #takeDue}); its entries then live in the share
 * partition's state until delivered.
 *
 * <p>Format ({@code <dir>/<bucketStartMs>.delay}, see {@link ShareDelayIndexFormat}): a sequence of 16-byte
 * entries {@code offset int64, deliverAtMs int64}, big-endian; a torn last entry (crash mid-append) is ignored.
 * Appends are fsynced before they return (the share state that drops these offsets from the window is written
 * after, so a crash can only duplicate an entry, never lose one; readers de-duplicate by offset).
 *
 * <p>Thread: the coordinator shard thread, except {@link #deleteThrough} which may run on the thread that saw
 * the state durable (it only deletes files of buckets already taken, which no one appends to any more).
 */
final class ShareDelayIndex {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShareDelayIndex.class);
    private final Path dir;
    private final long bucketMs;
    private final TreeSet<Long> buckets = new TreeSet<>();

    /** Opens (lists) the index of {@code group} / {@code tp} under {@code root}. */
    ShareDelayIndex(Path root, String groupId, TopicPartition tp, long bucketMs) {
        this.dir = root.resolve(HexFormat.of().formatHex(groupId.getBytes(StandardCharsets.UTF_8)))
                .resolve(tp.topic() + "-" + tp.partition());
        this.bucketMs = bucketMs;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> {
                    Long start = ShareDelayIndexFormat.bucketOf(f.getFileName().toString());
                    if (start != null) {
                        buckets.add(start);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + dir, e);
            }
        }
    }

    long bucketStart(long deliverAtMs) {
        return Math.floorDiv(deliverAtMs, bucketMs) * bucketMs;
    }

    /** Buckets on disk not yet taken. */
    int bucketCount() {
        return buckets.size();
    }

    /** The start of the earliest bucket on disk, or {@code Long.MAX_VALUE}. */
    long nextBucketStartMs() {
        return buckets.isEmpty() ? Long.MAX_VALUE : buckets.first();
    }

    /** Appends (offset, deliverAt) pairs to their buckets and fsyncs them. */
    void add(Map<Long, Long> deliverAtByOffset) {
        Map<Long, List<long[]>> byBucket = new TreeMap<>();
        deliverAtByOffset.forEach((offset, at) -> byBucket.computeIfAbsent(bucketStart(at), b -> new ArrayList<>())
                .add(new long[] {offset, at}));
        try {
            Files.createDirectories(dir);
            for (Map.Entry<Long, List<long[]>> e : byBucket.entrySet()) {
                ByteBuffer buf = ByteBuffer.allocate(e.getValue().size() * ShareDelayIndexFormat.ENTRY_BYTES);
                for (long[] entry : e.getValue()) {
                    buf.putLong(entry[0]).putLong(entry[1]);
                }
                buf.flip();
                try (FileChannel ch = FileChannel.open(dir.resolve(ShareDelayIndexFormat.fileName(e.getKey())),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(false);
                }
                buckets.add(e.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("appending to the share delay index " + dir, e);
        }
    }

    /**
     * Reads every bucket that started at or before {@code nowMs} (offset -> deliver-at, de-duplicated) and forgets
     * them in memory; the files stay until {@link #deleteThrough}, called once the state holding these entries is
     * durable. Returns the start of the last bucket taken in {@code takenThrough[0]} (unchanged when none).
     */
    TreeMap<Long, Long> takeDue(long nowMs, long[] takenThrough) {
        TreeMap<Long, Long> out = new TreeMap<>();
        while (!buckets.isEmpty() && buckets.first() <= nowMs) {
            long start = buckets.pollFirst();
            try {
                byte[] bytes = Files.readAllBytes(dir.resolve(ShareDelayIndexFormat.fileName(start)));
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.remaining() >= ShareDelayIndexFormat.ENTRY_BYTES) {
                    out.put(b.getLong(), b.getLong());
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // deleted with an earlier take that a crash did not let the state record: nothing to read
            } catch (IOException e) {
                throw new UncheckedIOException("reading the share delay index " + dir, e);
            }
            takenThrough[0] = Math.max(takenThrough[0], start);
        }
        return out;
    }

    /**
     * Deletes the files of buckets up to {@code bucketStartMs} (already taken and durable in the share state). A
     * failure is logged: the files are only garbage, and {@link #dropTaken} deletes them again on the next load.
     */
    void deleteThrough(long bucketStartMs) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Long start = ShareDelayIndexFormat.bucketOf(f.getFileName().toString());
                if (start != null && start <= bucketStartMs) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not delete taken delay buckets up to {} of {}; retried on the next load", bucketStartMs,
                    dir, e);
        }
    }

    /** Forgets (and deletes) buckets the share state already took ({@code <= takenThroughMs}): after a restart. */
    void dropTaken(long takenThroughMs) {
        if (takenThroughMs == Long.MIN_VALUE) {
            return;
        }
        buckets.headSet(takenThroughMs, true).clear();
        deleteThrough(takenThroughMs);
    }

    /** Removes the whole index (the group or its state of this partition was deleted). */
    void deleteAll() {
        deleteThrough(Long.MAX_VALUE);
        buckets.clear();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
