package io.runnel.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.common.config.ConfigException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker's group-protocol setting: its default, its validation and the consumer settings each value gives. */
class GroupProtocolSettingTest {
    private static final Map<String, String> REQUIRED = Map.of("bootstrap.servers", "127.0.0.1:1");

    @Test
    void shouldDefaultToTheConsumerProtocol() {
        assertThat(StreamsConfig.DEF.parse(REQUIRED).get(StreamsConfig.GROUP_PROTOCOL)).isEqualTo("consumer");
    }

    @Test
    void shouldRejectAnUnknownProtocol() {
        assertThatThrownBy(() -> StreamsConfig.DEF.parse(Map.of("bootstrap.servers", "127.0.0.1:1",
                StreamsConfig.GROUP_PROTOCOL.name(), "streams")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.GROUP_PROTOCOL.name());
    }

    @Test
    void shouldUseTheBrokersRangeAssignorUnderTheConsumerProtocol() {
        assertThat(StreamThread.groupProtocolSettings("consumer")).containsExactlyInAnyOrderEntriesOf(Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer", ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range"));
    }

    @Test
    void shouldUseTheClientRangeAssignorUnderTheClassicProtocol() {
        assertThat(StreamThread.groupProtocolSettings("classic")).containsExactlyInAnyOrderEntriesOf(Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName()));
    }

    /** The client accepts each combination (it refuses, e.g., a client-side assignor under the consumer protocol). */
    @ParameterizedTest
    @ValueSource(strings = {"consumer", "classic"})
    void shouldGiveSettingsTheKafkaConsumerAccepts(String protocol) {
        Map<String, Object> c = new java.util.HashMap<>(StreamThread.groupProtocolSettings(protocol));
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            assertThat(consumer.groupMetadata().groupId()).isEqualTo("g");
        }
    }
}
