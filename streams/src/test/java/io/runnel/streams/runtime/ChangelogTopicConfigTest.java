package io.runnel.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.Source;
import io.runnel.streams.Stream;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The changelog topics a worker creates: compacted; a join buffer's (chunks under keys never reused, entries that
 * expire without tombstones) deleted by time instead, after the join's retention plus the configured extra.
 */
class ChangelogTopicConfigTest {

    private static Pipeline joinAndCount() {
        PipelineBuilder b = new PipelineBuilder("cfg");
        Stream<String, Long> left = b.stream(Source.of("left", Serdes.string(), Serdes.longs()));
        Stream<String, Long> right = b.stream(Source.of("right", Serdes.string(), Serdes.longs()));
        left.join(right, (x, y) -> x + y, JoinWindows.of(Duration.ofSeconds(10)).allowedLateness(Duration.ofSeconds(2)))
                .withSerdes(Serdes.string(), Serdes.longs())
                .to("joined");
        left.groupByKey().count().to("counts");
        return b.build();
    }

    private static Map<String, Map<String, String>> configsByStore(Map<String, String> settings) {
        Worker w = new Worker(joinAndCount(), settings);
        Map<String, Map<String, String>> out = new HashMap<>();
        w.pipeline().subtopologies().forEach(st -> st.stores().forEach(s -> out.put(s.name(), w.changelogConfigs(s))));
        return out;
    }

    @Test
    void shouldDeleteJoinChangelogsByTimeAndCompactTheOthers() {
        Map<String, Map<String, String>> configs = configsByStore(Map.of("bootstrap.servers", "127.0.0.1:1"));
        long retention = 10_000 + 10_000 + 1 + 2_000 + 86_400_000L;
        assertThat(configs).hasSize(3);
        configs.forEach((store, c) -> {
            if (store.startsWith("join")) {
                assertThat(c).containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "delete",
                        "retention.ms", Long.toString(retention)));
            } else {
                assertThat(c).containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "compact"));
            }
        });
    }

    @Test
    void shouldAddTheConfiguredExtraRetention() {
        Map<String, Map<String, String>> configs = configsByStore(Map.of("bootstrap.servers", "127.0.0.1:1",
                StreamsConfig.EXPIRING_CHANGELOG_EXTRA_RETENTION_MS.name(), "0"));
        assertThat(configs.values()).contains(Map.of("cleanup.policy", "delete", "retention.ms", "22001"));
    }

    @Test
    void shouldNotOverflowAnUnboundedRetention() {
        Worker w = new Worker(joinAndCount(), Map.of("bootstrap.servers", "127.0.0.1:1"));
        StoreDef forever = new StoreDef("s", null, StoreDef.Layout.SEGMENTED, Long.MAX_VALUE);
        assertThat(w.changelogConfigs(forever)).containsEntry("retention.ms", "-1");
    }

    @Test
    void shouldRejectANegativeExtraRetention() {
        assertThatThrownBy(() -> StreamsConfig.DEF.parse(Map.of("bootstrap.servers", "127.0.0.1:1",
                StreamsConfig.EXPIRING_CHANGELOG_EXTRA_RETENTION_MS.name(), "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.EXPIRING_CHANGELOG_EXTRA_RETENTION_MS.name());
    }
}
