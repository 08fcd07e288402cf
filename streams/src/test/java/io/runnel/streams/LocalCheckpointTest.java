package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local store checkpoints: a restart that finds its stores replays only the changelog written after their
 * checkpoint; without them (a wiped state directory) it replays the whole changelog; both end at the same state.
 */
class LocalCheckpointTest {
    @TempDir
    Path dir;

    private static Pipeline counts() {
        PipelineBuilder b = new PipelineBuilder("c");
        b.stream("words", Serdes.string(), Serdes.string()).groupByKey().count().to("counts");
        return b.build();
    }

    private static String changelogTopic() {
        return counts().subtopologies().get(0).stores().get(0).changelogTopic("c");
    }

    private static void pipe(PipelineTestDriver d, int from, int to) {
        for (int i = from; i < to; i++) {
            d.pipe("words", "w" + (i % 10), "x", i, Serdes.string(), Serdes.string());
        }
    }

    private static Map<String, Long> latest(PipelineTestDriver d) {
        Map<String, Long> out = new HashMap<>();
        for (TestRecord<String, Long> r : d.read("counts", Serdes.string(), Serdes.longs())) {
            out.merge(r.key(), r.value(), Math::max);
        }
        return out;
    }

    private void restartAfterCommits(boolean rocks, boolean keep, long expectedRestored) {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withCacheEntriesMax(3);
        if (rocks) {
            o = o.withRocksDb(dir);
        }
        if (keep) {
            o = o.withKeptLocalState();
        }
        try (PipelineTestDriver d = new PipelineTestDriver(counts(), o)) {
            pipe(d, 0, 200);
            d.commit();            // 10 keys, every one written to the changelog several times (cache of 3)
            pipe(d, 200, 230);      // flushed to the changelog, not committed
            d.crash();
            assertThat(d.restoredRecords()).isEqualTo(expectedRestored);
            pipe(d, 230, 300);
            d.commit();
            for (int i = 0; i < 10; i++) {
                assertThat(latest(d)).containsEntry("w" + i, 30L);
            }
        }
    }

    @Test
    void shouldReplayOnlyTheChangelogTailWhenTheLocalStoreIsKept() {
        restartAfterCommits(false, true, 0); // the checkpoint is the committed changelog end: nothing to replay
    }

    @Test
    void shouldReplayOnlyTheChangelogTailFromRocksDbCheckpoint() {
        restartAfterCommits(true, true, 0);
    }

    @Test
    void shouldReplayTheWholeChangelogWithoutLocalState() {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withCacheEntriesMax(3);
        try (PipelineTestDriver d = new PipelineTestDriver(counts(), o)) {
            pipe(d, 0, 200);
            d.commit();
            long changelogRecords = d.read(changelogTopic(), Serdes.string(), Serdes.longs()).size();
            pipe(d, 200, 230);
            d.crash();
            assertThat(changelogRecords).isGreaterThan(10);
            assertThat(d.restoredRecords()).isEqualTo(changelogRecords);
        }
    }
}
