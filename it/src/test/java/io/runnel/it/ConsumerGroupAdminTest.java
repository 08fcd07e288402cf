package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stock kafka-clients 4.4 AdminClient on consumer groups of both kinds: list (with state and type filters),
 * describe, list / alter / delete committed offsets, delete groups; and committed offsets across a broker restart.
 */
class ConsumerGroupAdminTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void shouldListAndDescribeActiveGroups(GroupProtocol protocol) throws Exception {
        String name = protocol.name().toLowerCase();
        String topic = "admin-describe-" + name;
        String group = "g-describe-" + name;
        GroupTestSupport.createTopic(BROKER, topic, 4);
        GroupTestSupport.produce(BROKER, topic, 0, 8);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, protocol);
             Admin admin = BROKER.admin()) {
            consumer.subscribe(List.of(topic));
            assertThat(GroupTestSupport.pollUntil(consumer, 8, Duration.ofSeconds(60))).hasSize(8);
            consumer.commitSync();

            GroupType type = protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(d.type()).isEqualTo(type);
                assertThat(d.members()).singleElement().satisfies(m -> assertThat(m.assignment().topicPartitions())
                        .hasSize(4));
            });
            List<GroupListing> stable = List.copyOf(admin.listGroups(new ListGroupsOptions()
                    .inGroupStates(Set.of(GroupState.STABLE)).withTypes(Set.of(type))).all().get());
            assertThat(stable).extracting(GroupListing::groupId).contains(group);
            assertThat(stable).filteredOn(l -> l.groupId().equals(group)).singleElement()
                    .satisfies(l -> assertThat(l.type()).contains(type));
            List<GroupListing> empty = List.copyOf(admin.listGroups(new ListGroupsOptions()
                    .inGroupStates(Set.of(GroupState.EMPTY))).all().get());
            assertThat(empty).extracting(GroupListing::groupId).doesNotContain(group);

            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(GroupNotEmptyException.class));
            assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 0)))
                    .all().get()).satisfies(e -> assertThat(cause(e)).isInstanceOf(
                            GroupSubscribedToTopicException.class));
        }
    }

    @Test
    void shouldAlterListDeleteOffsetsAndDeleteEmptyGroups() throws Exception {
        String topic = "admin-offsets";
        String group = "g-offsets";
        GroupTestSupport.createTopic(BROKER, topic, 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (Admin admin = BROKER.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(5, "five"),
                    p1, new OffsetAndMetadata(7))).all().get();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(offsets).containsOnlyKeys(p0, p1);
            assertThat(offsets.get(p0).offset()).isEqualTo(5);
            assertThat(offsets.get(p0).metadata()).isEqualTo("five");
            assertThat(offsets.get(p1).offset()).isEqualTo(7);
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).contains(group);

            admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .containsOnlyKeys(p1);

            admin.deleteConsumerGroups(List.of(group)).all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain(group);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(GroupIdNotFoundException.class));
        }
    }

    @Test
    void shouldKeepCommittedOffsetsAcrossABrokerRestart() throws Exception {
        String topic = "admin-restart";
        String group = "g-restart";
        GroupTestSupport.createTopic(BROKER, topic, 3);
        GroupTestSupport.produce(BROKER, topic, 0, 30);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, GroupProtocol.CONSUMER)) {
            consumer.subscribe(List.of(topic));
            assertThat(GroupTestSupport.pollUntil(consumer, 30, Duration.ofSeconds(60))).hasSize(30);
            consumer.commitSync();
        }
        Map<TopicPartition, OffsetAndMetadata> before;
        try (Admin admin = BROKER.admin()) {
            before = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
        assertThat(before.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(30);

        BROKER.restart();

        try (Admin admin = BROKER.admin()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                            .isEqualTo(before));
        }
        GroupTestSupport.produce(BROKER, topic, 30, 5);
        try (KafkaConsumer<String, String> consumer = GroupTestSupport.consumer(BROKER, group, GroupProtocol.CLASSIC)) {
            consumer.subscribe(List.of(topic));
            assertThat(GroupTestSupport.pollUntil(consumer, 5, Duration.ofSeconds(60)))
                    .containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(30, 5));
        }
    }
}
