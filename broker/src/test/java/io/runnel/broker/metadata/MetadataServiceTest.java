package io.runnel.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.network.Listener;
import io.runnel.common.config.ConfigException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataServiceTest {
    @TempDir
    Path dir;

    private final Random random = new Random(42);
    private final List<String> events = new ArrayList<>();
    private static final BrokerRegistration SELF =
            new BrokerRegistration(1, List.of(new Listener("PLAINTEXT", "127.0.0.1", 9092)), null);

    private MetadataService open() throws Exception {
        MetadataService service = new MetadataService(dir, SELF, overrides -> {
            if (overrides.containsKey("retention.ms") && !overrides.get("retention.ms").matches("-?\\d+")) {
                throw new ConfigException("retention.ms", "Invalid value for retention.ms: must be a long");
            }
        }, () -> new Uuid(random.nextLong(), random.nextLong()));
        service.addListener(new MetadataListener() {
            @Override
            public void onImageLoaded(MetadataImage image) {
                events.add("loaded " + image.topicsByName().keySet());
            }

            @Override
            public void onTopicCreated(TopicImage topic) {
                events.add("created " + topic.name() + " " + topic.partitionCount());
            }

            @Override
            public void onTopicDeleted(TopicImage topic) {
                events.add("deleted " + topic.name());
            }

            @Override
            public void onPartitionsAdded(TopicImage topic, List<PartitionImage> added) {
                events.add("added " + topic.name() + " " + added.size());
            }

            @Override
            public void onTopicConfigChanged(TopicImage topic) {
                events.add("config " + topic.name() + " " + topic.configs());
            }
        });
        service.start();
        return service;
    }

    @Test
    void shouldReplayEveryChangeAfterARestart() throws Exception {
        String clusterId;
        Uuid ordersId;
        try (MetadataService service = open()) {
            clusterId = service.clusterId();
            ordersId = service.create(new TopicSpec("orders", 3, Map.of("retention.ms", "1000"), false)).join().id();
            service.create(new TopicSpec("gone", 1, Map.of(), false)).join();
            service.createPartitions("orders", 5, false).join();
            service.alterTopicConfigs("orders", c -> {
                c.put("cleanup.policy", "compact");
                c.remove("retention.ms");
                return c;
            }, false).join();
            service.deleteTopic("gone").join();
        }
        assertThat(events).containsExactly("loaded []", "created orders 3", "created gone 1", "added orders 2",
                "config orders {cleanup.policy=compact}", "deleted gone");
        events.clear();
        try (MetadataService service = open()) {
            assertThat(service.clusterId()).isEqualTo(clusterId);
            TopicImage orders = service.image().topic("orders").orElseThrow();
            assertThat(orders.id()).isEqualTo(ordersId);
            assertThat(orders.partitionCount()).isEqualTo(5);
            assertThat(orders.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
            assertThat(service.image().topic("gone")).isEmpty();
            assertThat(service.image().brokers()).containsKey(1);
        }
        assertThat(events).containsExactly("loaded [orders]");
    }

    @Test
    void shouldRefuseInvalidChangesWithKafkaErrors() throws Exception {
        try (MetadataService service = open()) {
            service.create(new TopicSpec("a.b", 1, Map.of(), false)).join();
            assertThatThrownBy(() -> service.create(new TopicSpec("a.b", 1, Map.of(), false)).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> service.create(new TopicSpec("a_b", 1, Map.of(), false)).join())
                    .hasCauseInstanceOf(InvalidTopicException.class);
            assertThatThrownBy(() -> service.create(new TopicSpec("bad name", 1, Map.of(), false)).join())
                    .hasCauseInstanceOf(InvalidTopicException.class);
            assertThatThrownBy(() -> service.create(new TopicSpec("zero", 0, Map.of(), false)).join())
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
            assertThatThrownBy(() -> service.create(new TopicSpec("cfg", 1, Map.of("retention.ms", "x"), false))
                    .join()).hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("retention.ms");
            assertThatThrownBy(() -> service.createPartitions("a.b", 1, false).join())
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
            assertThat(service.createTopic(new TopicSpec("dry", 2, Map.of(), false), true).join().partitionCount())
                    .isEqualTo(2);
            assertThat(service.image().topic("dry")).isEmpty();
        }
    }

    @Test
    void shouldTruncateATornTailAndKeepEverythingBefore() throws Exception {
        try (MetadataService service = open()) {
            service.create(new TopicSpec("kept", 1, Map.of(), false)).join();
            service.create(new TopicSpec("torn", 4, Map.of(), false)).join();
        }
        Path file = dir.resolve(MetadataLogFormat.FILE_NAME);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 7);
        }
        try (MetadataService service = open()) {
            assertThat(service.image().topicsByName().keySet()).containsExactly("kept");
            // The log accepts appends after the truncation point.
            service.create(new TopicSpec("after", 2, Map.of(), false)).join();
        }
        try (MetadataService service = open()) {
            assertThat(service.image().topicsByName().keySet()).containsExactly("after", "kept");
        }
    }
}
