package io.runnel.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.testing.RawKafkaClient;
import io.runnel.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every advertised version of every admin API encodes and decodes, on success and error paths (a field set that
 * a version lacks would otherwise throw at encode time and hang the client).
 */
class AdminApiVersionsTest {
    @TempDir
    static Path dir;
    static BrokerServer broker;
    static RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBrokers.start(dir, Map.of());
        client = RawKafkaClient.connect(broker.boundPort());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        broker.close();
    }

    private static AbstractResponse call(AbstractRequest request) throws Exception {
        return client.roundTrip(request);
    }

    private static CreateTopicsRequestData.CreatableTopic topic(String name, int partitions, Map<String, String> cfg) {
        CreateTopicsRequestData.CreatableTopicConfigCollection configs =
                new CreateTopicsRequestData.CreatableTopicConfigCollection();
        cfg.forEach((k, v) -> configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName(k).setValue(v)));
        return new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) 1).setConfigs(configs);
    }

    @Test
    void shouldServeEveryCreateAndDeleteTopicsVersion() throws Exception {
        for (short v = 2; v <= 7; v++) {
            CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
            topics.add(topic("ct-" + v, 2, Map.of("retention.ms", "1000")));
            topics.add(topic("bad-" + v, 1, Map.of("retention.ms", "x")));
            CreateTopicsResponse r = (CreateTopicsResponse) call(new CreateTopicsRequest.Builder(
                    new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000)).build(v));
            assertThat(r.data().topics().find("ct-" + v).errorCode()).as("v%s", v).isZero();
            assertThat(r.data().topics().find("bad-" + v).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        }
        for (short v = 1; v <= 6; v++) {
            DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(5000);
            String name = "ct-" + (v + 1);
            if (v >= 6) {
                Uuid id = broker.metadata().image().topic(name).orElseThrow().id();
                data.setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setTopicId(id).setName(null),
                        new DeleteTopicsRequestData.DeleteTopicState().setName("missing")));
            } else {
                data.setTopicNames(List.of(name, "missing"));
            }
            DeleteTopicsResponse r = (DeleteTopicsResponse) call(new DeleteTopicsRequest.Builder(data).build(v));
            assertThat(r.data().responses()).as("v%s", v).hasSize(2);
            assertThat(r.errorCounts()).containsEntry(Errors.NONE, 1)
                    .containsEntry(Errors.UNKNOWN_TOPIC_OR_PARTITION, 1);
        }
    }

    @Test
    void shouldServeEveryMetadataVersion() throws Exception {
        broker.metadata().create(new io.runnel.broker.metadata.TopicSpec("meta", 2, Map.of(), false)).join();
        for (short v = 0; v <= 13; v++) {
            MetadataRequestData data = new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName("meta"),
                    new MetadataRequestData.MetadataRequestTopic().setName("bad name")));
            if (v >= 4) {
                data.setAllowAutoTopicCreation(false);
            }
            if (v >= 8 && v <= 10) {
                data.setIncludeClusterAuthorizedOperations(true);
            }
            if (v >= 8) {
                data.setIncludeTopicAuthorizedOperations(true);
            }
            MetadataResponse r = (MetadataResponse) call(new MetadataRequest(data, v));
            assertThat(r.topicMetadata()).as("v%s", v).hasSize(2);
            assertThat(r.errors()).containsEntry("bad name", Errors.INVALID_TOPIC_EXCEPTION);
            assertThat(r.brokers()).singleElement().satisfies(n -> assertThat(n.port()).isEqualTo(broker.boundPort()));
            MetadataResponse all = (MetadataResponse) call(new MetadataRequest(
                    new MetadataRequestData().setTopics(v == 0 ? List.of() : null), v));
            assertThat(all.topicMetadata()).extracting(t -> t.topic()).contains("meta");
        }
    }

    @Test
    void shouldServeEveryConfigsAndPartitionsVersion() throws Exception {
        broker.metadata().create(new io.runnel.broker.metadata.TopicSpec("cfg", 1, Map.of(), false)).join();
        for (short v = 1; v <= 4; v++) {
            DescribeConfigsResponse r = (DescribeConfigsResponse) call(new DescribeConfigsRequest.Builder(
                    new DescribeConfigsRequestData().setIncludeSynonyms(true).setIncludeDocumentation(v >= 3)
                            .setResources(List.of(
                                    new DescribeConfigsRequestData.DescribeConfigsResource()
                                            .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("cfg")
                                            .setConfigurationKeys(null),
                                    new DescribeConfigsRequestData.DescribeConfigsResource()
                                            .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("1")
                                            .setConfigurationKeys(List.of("num.partitions")),
                                    new DescribeConfigsRequestData.DescribeConfigsResource()
                                            .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("nope"))))
                    .build(v));
            assertThat(r.data().results()).as("v%s", v).hasSize(3);
            assertThat(r.data().results().get(0).configs()).hasSizeGreaterThan(10);
            assertThat(r.data().results().get(1).configs()).singleElement()
                    .satisfies(c -> assertThat(c.value()).isEqualTo("1"));
            assertThat(r.data().results().get(2).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        for (short v = 0; v <= 2; v++) {
            AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("" + (v + 1)));
            AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new AlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                    .setResourceName("cfg").setConfigs(configs));
            resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType(ConfigResource.Type.BROKER.id())
                    .setResourceName("1"));
            AlterConfigsResponse r = (AlterConfigsResponse) call(new AlterConfigsRequest(
                    new AlterConfigsRequestData().setResources(resources), v));
            assertThat(r.errorCounts()).as("v%s", v).containsEntry(Errors.NONE, 1).containsEntry(Errors.INVALID_REQUEST, 1);
            assertThat(broker.metadata().image().topic("cfg").orElseThrow().configs())
                    .isEqualTo(Map.of("retention.ms", "" + (v + 1)));
        }
        for (short v = 0; v <= 1; v++) {
            IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                    new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("cleanup.policy")
                    .setConfigOperation((byte) 2).setValue("compact"));
            IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("cfg").setConfigs(configs));
            IncrementalAlterConfigsResponse r = (IncrementalAlterConfigsResponse) call(
                    new IncrementalAlterConfigsRequest.Builder(new IncrementalAlterConfigsRequestData()
                            .setResources(resources)).build(v));
            assertThat(r.errorCounts()).as("v%s", v).containsOnlyKeys(Errors.NONE);
        }
        for (short v = 0; v <= 3; v++) {
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("cfg").setCount(v + 2)
                    .setAssignments(null));
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("nope").setCount(3)
                    .setAssignments(null));
            CreatePartitionsResponse r = (CreatePartitionsResponse) call(new CreatePartitionsRequest.Builder(
                    new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(5000)).build(v));
            assertThat(r.errorCounts()).as("v%s", v).containsEntry(Errors.NONE, 1)
                    .containsEntry(Errors.UNKNOWN_TOPIC_OR_PARTITION, 1);
        }
        for (short v = 0; v <= 2; v++) {
            DescribeClusterResponse r = (DescribeClusterResponse) call(new DescribeClusterRequest.Builder(
                    new DescribeClusterRequestData().setIncludeClusterAuthorizedOperations(true)
                            .setEndpointType((byte) 1)).build(v));
            assertThat(r.data().errorCode()).as("v%s", v).isZero();
            assertThat(r.data().brokers()).hasSize(1);
        }
    }
}
