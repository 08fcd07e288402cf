package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LogConfigTest {
    @Test
    void shouldUseKafkaDefaults() {
        LogConfig c = LogConfig.DEFAULT;
        assertThat(c.cleanupPolicyDelete()).isTrue();
        assertThat(c.cleanupPolicyCompact()).isFalse();
        assertThat(c.segmentBytesMax()).isEqualTo(1 << 30);
        assertThat(c.retentionMs()).isEqualTo(604_800_000L);
        assertThat(c.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    }

    @Test
    void shouldParseCompactDelete() {
        LogConfig c = LogConfig.fromMap(Map.of("cleanup.policy", "compact,delete", "retention.bytes", "10"));
        assertThat(c.cleanupPolicyCompact()).isTrue();
        assertThat(c.cleanupPolicyDelete()).isTrue();
        assertThat(c.retentionBytes()).isEqualTo(10);
    }

    @Test
    void shouldNameTheKeyOnUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> LogConfig.fromMap(Map.of("segment.byte", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("segment.byte")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("segment.byte");
        assertThatThrownBy(() -> LogConfig.fromMap(Map.of("cleanup.policy", "forever")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> LogConfig.fromMap(Map.of("min.cleanable.dirty.ratio", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("min.cleanable.dirty.ratio");
    }
}
