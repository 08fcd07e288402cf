package io.runnel.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.TopicConfigs;
import io.runnel.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    @Test
    void shouldDefaultToLoopback9092AndDotData() {
        BrokerConfig config = BrokerConfig.parse(Map.of());
        assertThat(config.listeners()).singleElement().hasToString("PLAINTEXT://127.0.0.1:9092");
        assertThat(config.logDir().toString()).isEqualTo("./data");
    }

    @Test
    void shouldApplyKafkasRetentionPrecedence() {
        assertThat(BrokerConfig.parse(Map.of("log.retention.hours", "1")).retentionMs()).isEqualTo(3_600_000L);
        assertThat(BrokerConfig.parse(Map.of("log.retention.hours", "1", "log.retention.minutes", "2"))
                .retentionMs()).isEqualTo(120_000L);
        assertThat(BrokerConfig.parse(Map.of("log.retention.minutes", "2", "log.retention.ms", "5")).retentionMs())
                .isEqualTo(5L);
    }

    @Test
    void shouldNameTheKeyOfABadListener() {
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("listeners", "SSL://h:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listeners")
                .hasMessageContaining("PLAINTEXT");
    }

    @Test
    void shouldMapBrokerDefaultsOntoTopicKeys() {
        BrokerConfig config = BrokerConfig.parse(Map.of("log.retention.ms", "1000", "log.cleanup.policy", "compact"));
        TopicConfigs topics = new TopicConfigs(config);
        assertThat(topics.brokerDefaults()).containsEntry("retention.ms", "1000")
                .containsEntry("cleanup.policy", "compact");
        assertThat(topics.logConfig(Map.of("retention.ms", "7")).retentionMs()).isEqualTo(7L);
        assertThat(topics.logConfig(Map.of()).cleanupPolicyCompact()).isTrue();
        TopicConfigs.Entry retention = topics.describe(Map.of()).stream()
                .filter(e -> e.key().name().equals("retention.ms")).findFirst().orElseThrow();
        assertThat(retention.source()).isEqualTo(TopicConfigs.Source.STATIC_BROKER_CONFIG);
        assertThat(retention.synonyms()).extracting(TopicConfigs.Synonym::name).containsExactly("log.retention.ms");
    }

    @Test
    void shouldCarryTheBrokerSegmentSizeToTopics() {
        BrokerConfig config = BrokerConfig.parse(Map.of("log.segment.bytes", "64"));
        assertThat(new TopicConfigs(config).brokerDefaults()).containsEntry("segment.bytes", "64");
    }
}
