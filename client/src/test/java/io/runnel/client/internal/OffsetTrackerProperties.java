package io.runnel.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.TopicPartition;

/**
 * The tracker against a naive model: the set of delivered offsets minus the acknowledged ones, where the
 * committable offset is the lowest unacknowledged, else one past the highest delivered.
 */
class OffsetTrackerProperties {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** op: 0 = deliver next offset, 1 = ack one, 2 = cumulative ack, 3 = commit due. */
    record Op(int kind, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1000)).as(Op::new).list().ofMaxSize(200);
    }

    @Property
    void committableOffsetNeverPassesAnUnackedMessage(@ForAll("ops") List<Op> ops) {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP);
        TreeSet<Long> unacked = new TreeSet<>();
        long next = 0;
        long committed = -1;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    tracker.delivered(TP, next, next);
                    unacked.add(next);
                    next++;
                }
                case 1 -> {
                    long offset = next == 0 ? 0 : op.pick() % next;
                    Long held = tracker.acknowledge(TP, offset);
                    assertThat(held != null).isEqualTo(unacked.remove(offset));
                }
                case 2 -> {
                    long offset = next == 0 ? 0 : op.pick() % next;
                    int n = tracker.acknowledgeCumulative(TP, offset);
                    int expected = unacked.headSet(offset, true).size();
                    unacked.headSet(offset, true).clear();
                    assertThat(n).isEqualTo(expected);
                }
                default -> {
                    Map<TopicPartition, Long> due = tracker.commitsDue();
                    long model = next == 0 ? -1 : unacked.isEmpty() ? next : unacked.first();
                    if (model > committed) {
                        assertThat(due).containsEntry(TP, model);
                        tracker.committed(TP, model);
                        committed = model;
                    } else {
                        assertThat(due).doesNotContainKey(TP);
                    }
                }
            }
            long model = next == 0 ? -1 : unacked.isEmpty() ? next : unacked.first();
            assertThat(tracker.committableOffset(TP)).isEqualTo(model);
        }
    }

    @net.jqwik.api.Example
    void revokedPartitionsAreForgotten() {
        OffsetTracker<Long> tracker = new OffsetTracker<>();
        tracker.assign(TP);
        tracker.delivered(TP, 0, 0L);
        tracker.revoke(TP);
        assertThat(tracker.delivered(TP, 1, 1L)).isFalse();
        assertThat(tracker.committableOffset(TP)).isEqualTo(-1);
        assertThat(tracker.commitsDue()).isEmpty();
    }
}
