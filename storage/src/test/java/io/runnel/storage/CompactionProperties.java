package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.Record;

/**
 * Random upserts and deletes against a reference map: after cleaning, and again after a restart, reading from the
 * start gives exactly the reference's latest value per key, at the offset it was written (offsets kept).
 */
class CompactionProperties extends TempDirProperties {
    private final TestRecords.ManualTime time = new TestRecords.ManualTime(1_000_000L);

    /** One write: key index and value (null: delete). */
    record Op(int key, String value) {
    }

    record Batch(List<Op> ops, int codec) {
    }

    private static final Compression[] CODECS = {Compression.NONE, Compression.gzip().build(),
        Compression.lz4().build(), Compression.zstd().build(), Compression.snappy().build()};

    @Provide
    Arbitrary<List<Batch>> writes() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 15),
                Arbitraries.strings().alpha().ofMaxLength(30).injectNull(0.2)).as(Op::new);
        Arbitrary<Batch> batch = Combinators.combine(op.list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, CODECS.length - 1)).as(Batch::new);
        return batch.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 40)
    void readFromStartMatchesTheReferenceAfterCleaningAndRestart(@ForAll("writes") List<Batch> writes,
                                                                 @ForAll boolean keepTombstones) {
        StorageConfig storage = StorageConfig.fromMap(Map.of("log.cleaner.enable", "false",
                "log.cleaner.dedupe.buffer.size", "1024", "log.cleaner.io.buffer.size", "1024"));
        LogConfig config = LogConfig.fromMap(Map.of("cleanup.policy", "compact", "segment.bytes", "700",
                "min.cleanable.dirty.ratio", "0", "delete.retention.ms", keepTombstones ? "100000000" : "0",
                "file.delete.delay.ms", "0"));
        Map<String, String> reference = new HashMap<>();
        Map<String, Long> referenceOffsets = new HashMap<>();
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("compacted", 0, config);
            for (Batch b : writes) {
                List<String[]> kvs = new ArrayList<>();
                for (Op op : b.ops()) {
                    kvs.add(new String[] {"k" + op.key(), op.value()});
                }
                AppendResult r = log.append(TestRecords.keyed(CODECS[b.codec()], time.nowMs(), kvs), 0,
                        time.nowMs());
                long offset = r.firstOffset();
                for (Op op : b.ops()) {
                    reference.put("k" + op.key(), op.value());
                    referenceOffsets.put("k" + op.key(), offset++);
                }
            }
            time.advance(10);
            manager.cleanOnce();
            time.advance(10);
            manager.cleanOnce(); // tombstones past their horizon go now
            assertMatches(log, reference, referenceOffsets, keepTombstones);
        }
        try (LogManager manager = LogManager.open(dir, time, storage)) {
            PartitionLog log = manager.getOrCreate("compacted", 0, config); // the broker re-supplies the config
            assertMatches(log, reference, referenceOffsets, keepTombstones);
            time.advance(10);
            manager.cleanOnce();
            assertMatches(log, reference, referenceOffsets, keepTombstones);
        }
    }

    private static void assertMatches(PartitionLog log, Map<String, String> reference,
                                      Map<String, Long> referenceOffsets, boolean keepTombstones) {
        Map<String, String> replayed = new LinkedHashMap<>();
        Map<String, Long> replayedOffsets = new HashMap<>();
        Map<String, Integer> occurrencesBelowCheckpoint = new HashMap<>();
        long previous = -1;
        for (Record r : TestRecords.readAll(log)) {
            assertThat(r.offset()).isGreaterThan(previous);
            previous = r.offset();
            String key = StandardCharsets.UTF_8.decode(r.key()).toString();
            replayed.put(key, r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null);
            replayedOffsets.put(key, r.offset());
            if (r.offset() < log.cleanerCheckpoint()) {
                occurrencesBelowCheckpoint.merge(key, 1, Integer::sum);
            }
        }
        Map<String, String> expected = new HashMap<>(reference);
        Map<String, String> actual = new HashMap<>(replayed);
        expected.values().removeIf(v -> v == null);
        actual.values().removeIf(v -> v == null);
        assertThat(actual).isEqualTo(expected);
        for (String key : expected.keySet()) {
            assertThat(replayedOffsets.get(key)).as("offset of " + key).isEqualTo(referenceOffsets.get(key));
        }
        // the cleaned part holds each key at most once
        assertThat(occurrencesBelowCheckpoint.values()).allMatch(n -> n == 1);
        if (!keepTombstones) {
            // no tombstone survives in the cleaned part once its horizon passed
            for (Map.Entry<String, String> e : replayed.entrySet()) {
                if (e.getValue() == null) {
                    assertThat(replayedOffsets.get(e.getKey())).isGreaterThanOrEqualTo(log.cleanerCheckpoint());
                }
            }
        }
    }
}
