package io.runnel.streams.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the consumer has caught up with an input partition, asked of the consumer at most once per poll.
 *
 * <p>Tasks ask for every record while an input is silent past the idle timeout (an exhausted input of a join, say).
 * The KIP-848 consumer answers {@code currentLag} with a round trip to its background thread, so asking per record
 * left the processing thread waiting most of the time (Nexmark q8: 12-18k instead of 240k events/s once the person
 * topic was consumed). The lag only moves as fetches complete, so one answer per partition per poll loses nothing.
 * Owned by the processing thread.
 */
final class LagPerPoll {
    private final Function<TopicPartition, OptionalLong> lag;
    private final Map<TopicPartition, Boolean> answers = new HashMap<>();

    LagPerPoll(Function<TopicPartition, OptionalLong> lag) {
        this.lag = lag;
    }

    /** Forgets the answers: the poll about to return may have moved positions and end offsets. */
    void newPoll() {
        if (!answers.isEmpty()) {
            answers.clear();
        }
    }

    /** True if the lag is known and zero; an unknown lag (no fetch answered yet) is not caught up. */
    boolean caughtUp(TopicPartition tp) {
        Boolean known = answers.get(tp);
        if (known == null) {
            OptionalLong l = lag.apply(tp);
            known = l.isPresent() && l.getAsLong() == 0;
            answers.put(tp, known);
        }
        return known;
    }
}
