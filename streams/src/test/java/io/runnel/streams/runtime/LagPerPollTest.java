package io.runnel.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagPerPollTest {
    private final Map<TopicPartition, OptionalLong> lags = new HashMap<>();
    private final Map<TopicPartition, Integer> asked = new HashMap<>();
    private final LagPerPoll lagPerPoll = new LagPerPoll(tp -> {
        asked.merge(tp, 1, Integer::sum);
        return lags.getOrDefault(tp, OptionalLong.empty());
    });
    private final TopicPartition persons0 = new TopicPartition("persons", 0);
    private final TopicPartition persons1 = new TopicPartition("persons", 1);

    @Test
    void shouldAskTheConsumerOncePerPartitionPerPoll() {
        lags.put(persons0, OptionalLong.of(0));
        lags.put(persons1, OptionalLong.of(3));
        lagPerPoll.newPoll();
        for (int record = 0; record < 1000; record++) {
            assertThat(lagPerPoll.caughtUp(persons0)).isTrue();
            assertThat(lagPerPoll.caughtUp(persons1)).isFalse();
        }
        assertThat(asked).containsEntry(persons0, 1).containsEntry(persons1, 1);
    }

    @Test
    void shouldAskAgainAfterTheNextPoll() {
        lags.put(persons0, OptionalLong.of(2));
        lagPerPoll.newPoll();
        assertThat(lagPerPoll.caughtUp(persons0)).isFalse();
        lags.put(persons0, OptionalLong.of(0)); // the fetch caught up
        assertThat(lagPerPoll.caughtUp(persons0)).as("same poll: the first answer").isFalse();
        lagPerPoll.newPoll();
        assertThat(lagPerPoll.caughtUp(persons0)).isTrue();
        assertThat(asked).containsEntry(persons0, 2);
    }

    @Test
    void shouldNotCountAnUnknownLagAsCaughtUp() {
        lagPerPoll.newPoll();
        assertThat(lagPerPoll.caughtUp(persons0)).isFalse();
    }
}
