package io.runnel.broker.metadata;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The cluster metadata at one point of the metadata log: cluster id, brokers, topics. Produced only by the
 * metadata state machine; immutable, so any thread may read the current image without locks.
 *
 * @param offset the offset of the last metadata record applied (-1 for the empty image)
 */
public record MetadataImage(long offset, String clusterId, Map<Integer, BrokerRegistration> brokers,
        Map<String, TopicImage> topicsByName, Map<Uuid, TopicImage> topicsById) {

    public static final MetadataImage EMPTY = new MetadataImage(-1, null, Map.of(), Map.of(), Map.of());

    public MetadataImage {
        brokers = Collections.unmodifiableMap(brokers);
        topicsByName = Collections.unmodifiableMap(topicsByName);
        topicsById = Collections.unmodifiableMap(topicsById);
    }

    public Optional<TopicImage> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicImage> topic(Uuid id) {
        return Optional.ofNullable(topicsById.get(id));
    }

    public Collection<TopicImage> topics() {
        return topicsByName.values();
    }
}
