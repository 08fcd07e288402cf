package io.runnel.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.TopicPartition;

/**
 * The tracker against a naive model: the set of delivered offsets minus the acknowledged ones. The committed
 * offset is the lowest unacknowledged one (else one past the last delivered), and a new owner that restores the
 * commit skips exactly the acknowledged offsets.
 */
class OffsetTrackerProperties {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** kind: 0 = deliver the next offset (gap: skip gap offsets first), 1 = ack one, 2 = cumulative ack. */
    record Op(int kind, int pick, int gap) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(9, 0), net.jqwik.api.Tuple.of(1, 3)))
                .as(Op::new).list().ofMaxSize(300);
    }

    /** The model: which delivered offsets are open; next = one past the last delivered. */
    private static final class Model {
        final TreeSet<Long> delivered = new TreeSet<>();
        final TreeSet<Long> open = new TreeSet<>();
        long next;

        long committedOffset() {
            return open.isEmpty() ? next : open.first();
        }
    }

    private static Model run(List<Op> ops, OffsetTracker<Long> tracker) {
        Model m = new Model();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    long offset = m.next + op.gap(); // a gap: compacted or control records
                    tracker.delivered(TP, offset, offset);
                    m.delivered.add(offset);
                    m.open.add(offset);
                    m.next = offset + 1;
                }
                case 1 -> {
                    long offset = m.next == 0 ? 0 : op.pick() % m.next;
                    Long held = tracker.acknowledge(TP, offset);
                    assertThat(held != null).isEqualTo(m.open.remove(offset));
                }
                default -> {
                    long offset = m.next == 0 ? 0 : op.pick() % m.next;
                    int n = tracker.acknowledgeCumulative(TP, offset);
                    assertThat(n).isEqualTo(m.open.headSet(offset, true).size());
                    m.open.headSet(offset, true).clear();
                }
            }
            OffsetTracker.Committable c = tracker.committable(TP);
            if (m.delivered.isEmpty()) {
                assertThat(c).isNull();
            } else {
                assertThat(c.offset()).isEqualTo(m.committedOffset());
            }
        }
        return m;
    }

    @Property
    void committedOffsetIsTheLowestUnacknowledged(@ForAll("ops") List<Op> ops) {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP);
        run(ops, tracker);
        Map<TopicPartition, OffsetTracker.Committable> due = tracker.commitsDue();
        if (!due.isEmpty()) {
            tracker.committed(TP, due.get(TP));
            assertThat(tracker.commitsDue()).isEmpty();
            tracker.commitFailed(TP);
            assertThat(tracker.commitsDue()).containsEntry(TP, due.get(TP));
        }
    }

    @Property
    void aNewOwnerSkipsExactlyTheAcknowledged(@ForAll("ops") List<Op> ops) {
        OffsetTracker<Long> first = new OffsetTracker<>();
        first.assign(TP);
        Model m = run(ops, first);
        OffsetTracker.Committable c = first.committable(TP);
        if (c == null) {
            return;
        }
        assertThat(c.metadata().length()).isLessThanOrEqualTo(OffsetTracker.METADATA_CHARS_MAX);
        OffsetTracker<Long> next = new OffsetTracker<>();
        next.assign(TP, c.offset(), c.metadata());
        assertThat(next.commitsDue()).isEmpty(); // nothing changed yet: no commit needed
        for (long offset = c.offset(); offset < m.next; offset++) {
            if (!m.delivered.contains(offset)) {
                continue; // not in the log
            }
            if (m.open.contains(offset)) {
                assertThat(next.acknowledgedBefore(TP, offset)).as("open offset %s", offset).isFalse();
                next.delivered(TP, offset, offset);
            } else if (next.acknowledgedBefore(TP, offset)) {
                next.skipped(TP, offset);
            } else {
                // only allowed when the hole list was cut for length: delivered again, at least once
                assertThat(c.metadata().length()).isGreaterThan(OffsetTracker.METADATA_CHARS_MAX - 40);
                next.delivered(TP, offset, offset);
                next.acknowledge(TP, offset);
            }
        }
        OffsetTracker.Committable after = next.committable(TP);
        // null: the new owner saw nothing new, so the restored commit stands
        assertThat(after == null ? c.offset() : after.offset()).isEqualTo(m.committedOffset());
    }

    @Example
    void manyHolesAreCutToTheMetadataLimit() {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP);
        for (long o = 0; o < 5000; o++) {
            tracker.delivered(TP, o, o);
        }
        for (long o = 1; o < 5000; o += 2) {
            tracker.acknowledge(TP, o);
        }
        OffsetTracker.Committable c = tracker.committable(TP);
        assertThat(c.offset()).isZero();
        assertThat(c.metadata()).startsWith(OffsetTracker.METADATA_PREFIX);
        assertThat(c.metadata().length()).isLessThanOrEqualTo(OffsetTracker.METADATA_CHARS_MAX);
        OffsetTracker<Long> next = new OffsetTracker<>();
        next.assign(TP, c.offset(), c.metadata());
        assertThat(next.acknowledgedBefore(TP, 1)).isTrue();
        assertThat(next.acknowledgedBefore(TP, 2)).isFalse();
        assertThat(next.acknowledgedBefore(TP, 4999)).isFalse(); // beyond the cut: delivered again
    }

    @Example
    void foreignOrMalformedMetadataIsIgnored() {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP, 10, "written by someone else");
        assertThat(tracker.acknowledgedBefore(TP, 11)).isFalse();
        tracker.assign(TP, 10, OffsetTracker.METADATA_PREFIX + "x:1");
        assertThat(tracker.acknowledgedBefore(TP, 11)).isFalse();
        tracker.assign(TP, 10, OffsetTracker.METADATA_PREFIX + "5:7");
        assertThat(tracker.acknowledgedBefore(TP, 11)).isFalse(); // hole beyond its own limit: not ours
    }

    @Example
    void revokedPartitionsAreForgotten() {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP);
        tracker.delivered(TP, 0, 0L);
        tracker.revoke(TP);
        assertThat(tracker.delivered(TP, 1, 1L)).isFalse();
        assertThat(tracker.committable(TP)).isNull();
        assertThat(tracker.commitsDue()).isEmpty();
    }
}
