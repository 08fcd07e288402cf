package io.runnel.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.network.Listener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.Uuid;

/**
 * Random admin histories: every batch survives the log format unchanged, replaying the decoded log gives the same
 * image as the live one, and the image agrees with a plain model of topics, partition counts and overrides.
 */
class MetadataReplayProperties {

    private record ModelTopic(Uuid id, int partitions, Map<String, String> configs) {
    }

    @Property(tries = 200)
    void shouldReplayToTheSameImageAsTheLiveStateMachine(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int steps) throws Exception {
        Random random = new Random(seed);
        Map<String, ModelTopic> model = new LinkedHashMap<>();
        List<List<MetadataRecord>> batches = new ArrayList<>();
        batches.add(List.of(new MetadataRecord.ClusterId("cluster-" + seed),
                new MetadataRecord.RegisterBroker(1, List.of(new Listener("PLAINTEXT", "h", 9092)), null)));
        for (int i = 0; i < steps; i++) {
            List<MetadataRecord> batch = new ArrayList<>();
            String name = "t" + random.nextInt(6);
            ModelTopic topic = model.get(name);
            int choice = random.nextInt(4);
            if (topic == null) {
                Uuid id = new Uuid(random.nextLong() | 1, random.nextLong());
                int partitions = 1 + random.nextInt(4);
                batch.add(new MetadataRecord.Topic(name, id, random.nextBoolean()));
                for (int p = 0; p < partitions; p++) {
                    batch.add(new MetadataRecord.Partition(id, p, 1, 0));
                }
                Map<String, String> configs = new HashMap<>();
                if (random.nextBoolean()) {
                    configs.put("retention.ms", Integer.toString(random.nextInt(1000)));
                    batch.add(new MetadataRecord.TopicConfig(id, "retention.ms", configs.get("retention.ms")));
                }
                model.put(name, new ModelTopic(id, partitions, configs));
            } else if (choice == 0) {
                batch.add(new MetadataRecord.RemoveTopic(topic.id()));
                model.remove(name);
            } else if (choice == 1) {
                int added = 1 + random.nextInt(3);
                for (int p = topic.partitions(); p < topic.partitions() + added; p++) {
                    batch.add(new MetadataRecord.Partition(topic.id(), p, 1, 0));
                }
                model.put(name, new ModelTopic(topic.id(), topic.partitions() + added, topic.configs()));
            } else {
                Map<String, String> configs = new HashMap<>(topic.configs());
                String key = random.nextBoolean() ? "retention.ms" : "cleanup.policy";
                String value = random.nextInt(3) == 0 ? null : "v" + random.nextInt(10);
                batch.add(new MetadataRecord.TopicConfig(topic.id(), key, value));
                if (value == null) {
                    configs.remove(key);
                } else {
                    configs.put(key, value);
                }
                model.put(name, new ModelTopic(topic.id(), topic.partitions(), configs));
            }
            batches.add(batch);
        }

        MetadataStateMachine live = new MetadataStateMachine();
        MetadataStateMachine replayed = new MetadataStateMachine();
        long offset = 0;
        for (List<MetadataRecord> batch : batches) {
            ByteBuffer encoded = MetadataLogFormat.encodeBatch(offset, batch);
            assertThat(MetadataLogFormat.crcMatches(encoded)).isTrue();
            List<MetadataRecord> decoded = MetadataLogFormat.decodeRecords(encoded);
            assertThat(decoded).isEqualTo(batch);
            live.apply(offset, batch);
            replayed.apply(MetadataLogFormat.baseOffset(encoded), decoded);
            offset += batch.size();
        }
        assertThat(replayed.image()).isEqualTo(live.image());
        MetadataImage image = live.image();
        assertThat(image.topicsByName().keySet()).isEqualTo(model.keySet());
        model.forEach((name, t) -> {
            TopicImage topic = image.topic(name).orElseThrow();
            assertThat(topic.id()).isEqualTo(t.id());
            assertThat(topic.partitionCount()).isEqualTo(t.partitions());
            assertThat(topic.configs()).isEqualTo(t.configs());
            assertThat(image.topic(t.id())).contains(topic);
        });
    }
}
