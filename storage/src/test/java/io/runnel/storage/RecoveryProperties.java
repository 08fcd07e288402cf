package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.record.internal.Record;

/**
 * Recovery after a crash keeps exactly the longest valid prefix: random batches are appended, the manager is closed
 * and the clean-shutdown marker and recovery point removed (as after a crash), then one segment is truncated at a
 * random byte or one CRC-protected byte of a random batch is flipped.
 */
class RecoveryProperties extends TempDirProperties {
    private final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);

    /** One batch on disk: where it is and which offsets it holds. */
    record StoredBatch(Path file, int position, int size, long baseOffset, long lastOffset) {
    }

    record Damage(boolean truncate, double where, int flipMask) {
    }

    @Provide
    Arbitrary<List<List<String>>> batches() {
        Arbitrary<String> value = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(80);
        return value.list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<Damage> damage() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.doubles().between(0, 0.999999).ofScale(6),
                Arbitraries.integers().between(1, 255)).as(Damage::new);
    }

    @Property(tries = 60)
    void recoveryKeepsExactlyTheLongestValidPrefix(@ForAll("batches") List<List<String>> batches,
                                                   @ForAll("damage") Damage damage) throws IOException {
        StorageConfig storage = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false"));
        LogConfig config = LogConfig.fromMap(Map.of("segment.bytes", "600", "index.interval.bytes", "100"));
        List<StoredBatch> stored;
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("t", 0, config);
            for (List<String> values : batches) {
                log.append(TestRecords.batch(time.nowMs(), values.toArray(new String[0])), 1, time.nowMs());
            }
            stored = storedBatches(log);
        }
        Files.delete(dir.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE));
        Files.delete(dir.resolve(LogDirFormat.RECOVERY_POINT_FILE));

        long expectedEnd = damageAndExpectEnd(stored, damage);

        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("t", 0, config);
            assertThat(log.logEndOffset()).isEqualTo(expectedEnd);
            List<Record> records = TestRecords.readAll(log); // ensureValid() on every batch served
            assertThat(records).extracting(Record::offset)
                    .containsExactlyElementsOf(Stream.iterate(0L, o -> o + 1).limit(expectedEnd).toList());
            log.append(TestRecords.batch(time.nowMs(), "after"), 2, time.nowMs());
            assertThat(log.logEndOffset()).isEqualTo(expectedEnd + 1);
            assertThat(TestRecords.readAll(log)).hasSize((int) expectedEnd + 1);
        }
    }

    /** Applies the damage to the files and returns the log end offset recovery must arrive at. */
    private static long damageAndExpectEnd(List<StoredBatch> stored, Damage damage) throws IOException {
        int victim = (int) (damage.where() * stored.size());
        StoredBatch b = stored.get(victim);
        if (damage.truncate()) {
            // cut strictly inside this batch: a torn write (a cut on a batch boundary leaves a valid, shorter log)
            int cut = b.position() + 1 + (int) ((damage.where() * stored.size() - victim) * (b.size() - 1));
            try (RandomAccessFile raf = new RandomAccessFile(b.file().toFile(), "rw")) {
                raf.setLength(cut);
            }
        } else {
            // a byte covered by validation: length field, magic, crc, or the CRC-protected body
            List<Integer> covered = new ArrayList<>();
            for (int i = SegmentFormat.LENGTH_POSITION; i < b.size(); i++) {
                if (i < SegmentFormat.PARTITION_LEADER_EPOCH_POSITION || i >= SegmentFormat.MAGIC_POSITION) {
                    covered.add(i);
                }
            }
            int at = b.position() + covered.get((int) ((damage.where() * stored.size() - victim) * covered.size()));
            try (RandomAccessFile raf = new RandomAccessFile(b.file().toFile(), "rw")) {
                raf.seek(at);
                int old = raf.read();
                raf.seek(at);
                raf.write(old ^ damage.flipMask());
            }
        }
        return b.baseOffset();
    }

    private static List<StoredBatch> storedBatches(PartitionLog log) throws IOException {
        List<StoredBatch> out = new ArrayList<>();
        for (LogSegment segment : log.segments()) {
            Path file = SegmentFormat.logFile(log.dir(), segment.baseOffset());
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            int position = 0;
            while (position < bytes.limit()) {
                ByteBuffer header = bytes.duplicate().position(position);
                int size = SegmentFormat.batchSize(header);
                out.add(new StoredBatch(file, position, size, SegmentFormat.baseOffset(header),
                        SegmentFormat.lastOffset(header)));
                position += size;
            }
        }
        return out;
    }

}
