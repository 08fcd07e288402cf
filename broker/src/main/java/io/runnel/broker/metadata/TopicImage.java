package io.runnel.broker.metadata;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * One topic as the metadata log describes it. {@code partitions.get(i).partition() == i}. {@code configs} holds
 * only the topic-level overrides set by users (CreateTopics, AlterConfigs); defaults come from the broker config.
 * Immutable.
 */
public record TopicImage(String name, Uuid id, List<PartitionImage> partitions, Map<String, String> configs,
        boolean internal) {

    public TopicImage {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public PartitionImage partition(int partition) {
        return partitions.get(partition);
    }
}
