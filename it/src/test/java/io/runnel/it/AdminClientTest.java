package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stock kafka-clients 4.4 AdminClient against an in-process broker: topics, partitions, configs, cluster. */
class AdminClientTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension().with("num.partitions", "2");

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    @Test
    void shouldCreateDescribeListAndDeleteTopics() throws Exception {
        try (Admin admin = BROKER.admin()) {
            CreateTopicsResult created = admin.createTopics(List.of(
                    new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "60000")),
                    new NewTopic("defaults", java.util.Optional.empty(), java.util.Optional.empty())));
            created.all().get();
            assertThat(created.numPartitions("orders").get()).isEqualTo(3);
            assertThat(created.numPartitions("defaults").get()).isEqualTo(2);
            Uuid ordersId = created.topicId("orders").get();
            assertThat(ordersId).isNotEqualTo(Uuid.ZERO_UUID);
            assertThat(created.config("orders").get().get("retention.ms").value()).isEqualTo("60000");
            assertThat(created.config("orders").get().get("retention.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

            assertThat(admin.listTopics().names().get()).contains("orders", "defaults");
            TopicDescription orders = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
            assertThat(orders.topicId()).isEqualTo(ordersId);
            assertThat(orders.partitions()).hasSize(3);
            assertThat(orders.partitions().get(0).leader().id()).isEqualTo(1);
            TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(ordersId)))
                    .allTopicIds().get().get(ordersId);
            assertThat(byId.name()).isEqualTo("orders");

            admin.deleteTopics(List.of("defaults")).all().get();
            admin.deleteTopics(TopicCollection.ofTopicIds(List.of(ordersId))).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("orders", "defaults");
            assertThatThrownBy(() -> admin.deleteTopics(List.of("orders")).all().get())
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(UnknownTopicOrPartitionException.class));
        }
    }

    @Test
    void shouldRefuseBadTopicCreationsWithTheRightErrors() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("exists", 1, (short) 1))).all().get();
            Map<String, Class<? extends Throwable>> expected = Map.of(
                    "exists", TopicExistsException.class,
                    "rf3", InvalidReplicationFactorException.class,
                    "bad config", InvalidTopicException.class,
                    "badcfg", InvalidConfigurationException.class);
            CreateTopicsResult result = admin.createTopics(List.of(
                    new NewTopic("exists", 1, (short) 1),
                    new NewTopic("rf3", 1, (short) 3),
                    new NewTopic("bad config", 1, (short) 1),
                    new NewTopic("badcfg", 1, (short) 1).configs(Map.of("retention.ms", "soon"))));
            for (Map.Entry<String, Class<? extends Throwable>> e : expected.entrySet()) {
                assertThatThrownBy(() -> result.values().get(e.getKey()).get())
                        .satisfies(t -> assertThat(cause(t)).isInstanceOf(e.getValue()));
            }
            assertThatThrownBy(() -> result.values().get("badcfg").get()).hasMessageContaining("retention.ms");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("unknown-key", 1, (short) 1)
                    .configs(Map.of("retention.forever", "1")))).all().get())
                    .satisfies(t -> assertThat(cause(t)).isInstanceOf(InvalidConfigurationException.class))
                    .hasMessageContaining("retention.forever");

            admin.createTopics(List.of(new NewTopic("dry-run", 4, (short) 1)),
                    new CreateTopicsOptions().validateOnly(true)).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");
        }
    }

    @Test
    void shouldCreatePartitionsButNeverShrink() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("growing", 1, (short) 1))).all().get();
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all().get();
            await().untilAsserted(() -> assertThat(admin.describeTopics(List.of("growing")).allTopicNames().get()
                    .get("growing").partitions()).hasSize(4));
            assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2)))
                    .all().get()).satisfies(t -> assertThat(cause(t)).isInstanceOf(InvalidPartitionsException.class));
        }
    }

    @Test
    void shouldDescribeAndAlterTopicConfigsLive() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1))).all().get();
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
            Config before = admin.describeConfigs(List.of(topic), new DescribeConfigsOptions().includeSynonyms(true))
                    .all().get().get(topic);
            ConfigEntry retention = before.get("retention.ms");
            assertThat(retention.value()).isEqualTo("604800000");
            assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::name).contains("log.retention.ms");

            admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND))))
                    .all().get();
            Config after = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(after.get("retention.ms").value()).isEqualTo("1000");
            assertThat(after.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(after.get("cleanup.policy").value()).isEqualTo("delete,compact");

            admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(topic, List.of(
                    new AlterConfigOp(new ConfigEntry("segment.bytes", "tiny"), AlterConfigOp.OpType.SET))))
                    .all().get()).satisfies(t -> assertThat(cause(t)).isInstanceOf(InvalidConfigurationException.class))
                    .hasMessageContaining("segment.bytes");

        }
    }

    @Test
    void shouldDescribeTheBrokerConfigAndRefuseToAlterIt() throws Exception {
        try (Admin admin = BROKER.admin()) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertThat(config.get("num.partitions").value()).isEqualTo("2");
            assertThat(config.get("num.partitions").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(config.get("log.retention.hours").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(broker, List.of(new AlterConfigOp(
                    new ConfigEntry("num.partitions", "3"), AlterConfigOp.OpType.SET)))).all().get())
                    .satisfies(t -> assertThat(cause(t)).isInstanceOf(InvalidRequestException.class));
        }
    }

    @Test
    void shouldDescribeTheCluster() throws Exception {
        try (Admin admin = BROKER.admin()) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.clusterId().get()).isEqualTo(BROKER.server().metadata().clusterId());
            assertThat(cluster.controller().get().id()).isEqualTo(1);
            assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
                assertThat(node.id()).isEqualTo(1);
                assertThat(node.port()).isEqualTo(BROKER.server().boundPort());
            });
        }
    }

    @Test
    void shouldKeepTopicsAcrossARestart() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("durable", 2, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        Uuid id = BROKER.server().metadata().image().topic("durable").orElseThrow().id();
        BROKER.restart();
        try (Admin admin = BROKER.admin()) {
            TopicDescription durable = admin.describeTopics(Set.of("durable")).allTopicNames().get().get("durable");
            assertThat(durable.topicId()).isEqualTo(id);
            assertThat(durable.partitions()).hasSize(2);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "durable");
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }
}
