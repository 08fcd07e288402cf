package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.partition.ProducerStateManager.BatchMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The sequence logic of {@link ProducerStateManager} against a deliberately naive model that keeps every batch
 * ever appended, plus snapshot round trips and log replay at random points.
 */
class ProducerStateProperties {

    enum SeqKind { NEXT, RETRY_RECENT, RETRY_OLD, GAP, ZERO, NEAR_WRAP }

    enum Step { PRODUCE, SNAPSHOT_AND_RESTORE, REPLAY_FROM_LOG }

    record Action(Step step, long producerId, short epoch, SeqKind kind, int pick, int count) {
    }

    enum Outcome { APPENDED, DUPLICATE, OUT_OF_ORDER, INVALID_EPOCH }

    /** Every batch ever appended in the current epoch, per producer: no retention limit, no cleverness. */
    static final class Model {
        final Map<Long, Short> epochs = new HashMap<>();
        final Map<Long, List<BatchMetadata>> history = new HashMap<>();

        int lastSeq(long pid) {
            List<BatchMetadata> h = history.get(pid);
            return h == null || h.isEmpty() ? -1 : h.get(h.size() - 1).lastSequence();
        }

        Outcome expect(long pid, short epoch, int first, int last) {
            if (!epochs.containsKey(pid)) {
                return Outcome.APPENDED;
            }
            short cur = epochs.get(pid);
            if (epoch == cur) {
                List<BatchMetadata> h = history.get(pid);
                for (int i = Math.max(0, h.size() - 5); i < h.size(); i++) {
                    if (h.get(i).firstSequence() == first && h.get(i).lastSequence() == last) {
                        return Outcome.DUPLICATE;
                    }
                }
                long expected = lastSeq(pid) == Integer.MAX_VALUE ? 0 : lastSeq(pid) + 1L;
                return first == expected ? Outcome.APPENDED : Outcome.OUT_OF_ORDER;
            }
            if (epoch < cur) {
                return Outcome.INVALID_EPOCH;
            }
            return first == 0 ? Outcome.APPENDED : Outcome.OUT_OF_ORDER;
        }

        BatchMetadata duplicateOf(long pid, int first, int last) {
            List<BatchMetadata> h = history.get(pid);
            for (int i = h.size() - 1; i >= 0; i--) {
                if (h.get(i).firstSequence() == first && h.get(i).lastSequence() == last) {
                    return h.get(i);
                }
            }
            throw new AssertionError("no duplicate");
        }

        void append(long pid, short epoch, BatchMetadata b) {
            if (!Short.valueOf(epoch).equals(epochs.get(pid))) {
                history.put(pid, new ArrayList<>());
            }
            epochs.put(pid, epoch);
            history.get(pid).add(b);
        }
    }

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<Step> steps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just(Step.PRODUCE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Step.SNAPSHOT_AND_RESTORE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Step.REPLAY_FROM_LOG)));
        return Combinators.combine(steps, Arbitraries.longs().between(1, 3),
                        Arbitraries.shorts().between((short) 0, (short) 2),
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(10, SeqKind.NEXT), net.jqwik.api.Tuple.of(3, SeqKind.RETRY_RECENT),
                                net.jqwik.api.Tuple.of(1, SeqKind.RETRY_OLD), net.jqwik.api.Tuple.of(1, SeqKind.GAP),
                                net.jqwik.api.Tuple.of(2, SeqKind.ZERO), net.jqwik.api.Tuple.of(1, SeqKind.NEAR_WRAP)),
                        Arbitraries.integers().between(0, 7), Arbitraries.integers().between(1, 4))
                .as(Action::new);
    }

    @Property(tries = 300)
    void shouldAgreeWithModel(@ForAll @Size(min = 1, max = 120) List<@From("actions") Action> actions) throws IOException {
        Model model = new Model();
        ProducerStateManager state = new ProducerStateManager();
        List<MemoryRecords> log = new ArrayList<>();
        long nextOffset = 0;
        Path dir = Files.createTempDirectory("producer-state");
        try {
            for (Action a : actions) {
                switch (a.step()) {
                    case SNAPSHOT_AND_RESTORE -> {
                        Path file = dir.resolve("snap");
                        ProducerSnapshotFormat.write(file, nextOffset, state);
                        ProducerSnapshotFormat.Snapshot s = ProducerSnapshotFormat.read(file).orElseThrow();
                        assertThat(s.offset()).isEqualTo(nextOffset);
                        assertSameState(s.state(), state);
                        state = s.state();
                    }
                    case REPLAY_FROM_LOG -> {
                        ProducerStateManager replayed = new ProducerStateManager();
                        for (MemoryRecords r : log) {
                            for (RecordBatch b : r.batches()) {
                                replayed.replay(b);
                            }
                        }
                        assertSameState(replayed, state);
                        state = replayed;
                    }
                    case PRODUCE -> {
                        int first = sequenceFor(a, model);
                        int last = ProducerSequences.add(first, a.count() - 1);
                        Outcome expected = model.expect(a.producerId(), a.epoch(), first, last);
                        Outcome actual;
                        BatchMetadata dup = null;
                        try {
                            dup = state.checkSequence(a.producerId(), a.epoch(), first, last);
                            actual = dup == null ? Outcome.APPENDED : Outcome.DUPLICATE;
                        } catch (OutOfOrderSequenceException e) {
                            actual = Outcome.OUT_OF_ORDER;
                        } catch (InvalidProducerEpochException e) {
                            actual = Outcome.INVALID_EPOCH;
                        }
                        assertThat(actual).as("batch %s seq %d..%d", a, first, last).isEqualTo(expected);
                        if (actual == Outcome.DUPLICATE) {
                            assertThat(dup).isEqualTo(model.duplicateOf(a.producerId(), first, last));
                        } else if (actual == Outcome.APPENDED) {
                            long firstOffset = nextOffset;
                            long lastOffset = nextOffset + a.count() - 1;
                            nextOffset = lastOffset + 1;
                            BatchMetadata b = new BatchMetadata(first, last, firstOffset, lastOffset, 1000 + firstOffset);
                            state.onAppended(a.producerId(), a.epoch(), first, last, firstOffset, lastOffset,
                                    b.appendTimeMs());
                            model.append(a.producerId(), a.epoch(), b);
                            log.add(logBatch(a, first, firstOffset, b.appendTimeMs()));
                        }
                    }
                    default -> throw new AssertionError(a.step());
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static int sequenceFor(Action a, Model model) {
        int last = model.lastSeq(a.producerId());
        List<BatchMetadata> h = model.history.getOrDefault(a.producerId(), List.of());
        return switch (a.kind()) {
            case NEXT -> ProducerSequences.add(last, 1);
            case RETRY_RECENT -> h.isEmpty() ? 0 : h.get(Math.max(0, h.size() - 1 - a.pick() % 5)).firstSequence();
            case RETRY_OLD -> h.isEmpty() ? 0 : h.get(a.pick() % h.size()).firstSequence();
            case GAP -> ProducerSequences.add(last, 2 + a.pick());
            case ZERO -> 0;
            case NEAR_WRAP -> Integer.MAX_VALUE - a.pick();
        };
    }

    private static MemoryRecords logBatch(Action a, int firstSequence, long firstOffset, long timestampMs) {
        SimpleRecord[] records = new SimpleRecord[a.count()];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(timestampMs, null, new byte[] {1});
        }
        return MemoryRecords.withIdempotentRecords(firstOffset, Compression.NONE, a.producerId(), a.epoch(),
                firstSequence, 0, records);
    }

    private static void assertSameState(ProducerStateManager actual, ProducerStateManager expected) {
        assertThat(actual.entries().keySet()).isEqualTo(expected.entries().keySet());
        for (long pid : expected.entries().keySet()) {
            assertThat(actual.entry(pid).epoch()).isEqualTo(expected.entry(pid).epoch());
            assertThat(List.copyOf(actual.entry(pid).batches())).isEqualTo(List.copyOf(expected.entry(pid).batches()));
        }
    }
}
