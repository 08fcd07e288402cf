package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareDelayIndexTest {
    private static final TopicPartition TP = new TopicPartition("t", 3);

    @TempDir
    Path root;

    @Test
    void shouldTakeOnlyDueBucketsDeduplicatedAndSurviveReopen() {
        ShareDelayIndex index = new ShareDelayIndex(root, "g", TP, 1000);
        index.add(Map.of(10L, 1500L, 11L, 2500L, 12L, 1999L));
        index.add(Map.of(10L, 1500L)); // a crash between the index append and the state record duplicates it
        assertThat(index.bucketCount()).isEqualTo(2);
        assertThat(index.nextBucketStartMs()).isEqualTo(1000);

        long[] taken = {Long.MIN_VALUE};
        assertThat(index.takeDue(999, taken)).isEmpty();
        TreeMap<Long, Long> due = index.takeDue(1000, taken);
        assertThat(due).containsExactlyEntriesOf(new TreeMap<>(Map.of(10L, 1500L, 12L, 1999L)));
        assertThat(taken[0]).isEqualTo(1000);

        // Reopened (restart) before the deletion: the state says bucket 1000 was taken, so it is dropped.
        ShareDelayIndex reopened = new ShareDelayIndex(root, "g", TP, 1000);
        assertThat(reopened.bucketCount()).isEqualTo(2);
        reopened.dropTaken(taken[0]);
        assertThat(reopened.bucketCount()).isEqualTo(1);
        assertThat(reopened.takeDue(3000, taken)).containsExactlyEntriesOf(new TreeMap<>(Map.of(11L, 2500L)));
    }

    @Test
    void shouldIgnoreATornTrailingEntry() throws Exception {
        ShareDelayIndex index = new ShareDelayIndex(root, "g", TP, 1000);
        index.add(Map.of(5L, 1200L));
        Path file;
        try (var files = Files.walk(root)) {
            file = files.filter(p -> p.toString().endsWith(ShareDelayIndexFormat.SUFFIX)).findFirst().orElseThrow();
        }
        Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(new ShareDelayIndex(root, "g", TP, 1000).takeDue(1000, new long[] {Long.MIN_VALUE}))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(5L, 1200L)));
    }

    @Test
    void shouldDeleteEverythingOfAPartition() {
        ShareDelayIndex index = new ShareDelayIndex(root, "g", TP, 1000);
        index.add(Map.of(1L, 5000L, 2L, 9000L));
        index.deleteAll();
        assertThat(new ShareDelayIndex(root, "g", TP, 1000).bucketCount()).isZero();
    }
}
