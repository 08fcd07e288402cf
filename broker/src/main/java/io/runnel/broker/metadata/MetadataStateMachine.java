package io.runnel.broker.metadata;

import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * Applies metadata records, batch by batch, into {@link MetadataImage}s. Deterministic: the same records give the
 * same image, which is what lets a replicated metadata log (Raft) reuse it unchanged. Records are validated
 * before they are written, so a record that does not fit the state is a broken invariant (corrupt log or bug) and
 * throws.
 *
 * <p>Thread: confined to the metadata thread (or the starting thread during replay).
 */
public final class MetadataStateMachine {

    /** What one batch changed, for {@link MetadataListener}s; topics are from the image after the batch. */
    public record Delta(List<TopicImage> created, List<TopicImage> deleted,
            Map<Uuid, List<PartitionImage>> partitionsAdded, Set<Uuid> configsChanged) {
        public boolean isEmpty() {
            return created.isEmpty() && deleted.isEmpty() && partitionsAdded.isEmpty() && configsChanged.isEmpty();
        }
    }

    private static final class MutableTopic {
        final String name;
        final Uuid id;
        final boolean internal;
        final TreeMap<Integer, PartitionImage> partitions = new TreeMap<>();
        final TreeMap<String, String> configs = new TreeMap<>();

        MutableTopic(String name, Uuid id, boolean internal) {
            this.name = name;
            this.id = id;
            this.internal = internal;
        }

        TopicImage toImage() {
            return new TopicImage(name, id, new ArrayList<>(partitions.values()), configs, internal);
        }
    }

    private String clusterId;
    private final TreeMap<Integer, BrokerRegistration> brokers = new TreeMap<>();
    private final LinkedHashMap<Uuid, MutableTopic> topics = new LinkedHashMap<>();
    private final HashMap<String, Uuid> topicIdsByName = new HashMap<>();
    private long lastOffset = -1;
    private MetadataImage image = MetadataImage.EMPTY;

    /** Applies one batch whose first record has {@code baseOffset}; returns what changed. */
    public Delta apply(long baseOffset, List<MetadataRecord> records) {
        Verify.that(baseOffset == lastOffset + 1, "metadata batch at offset %s after offset %s", baseOffset,
                lastOffset);
        Set<Uuid> created = new LinkedHashSet<>();
        List<TopicImage> deleted = new ArrayList<>();
        Map<Uuid, List<Integer>> added = new LinkedHashMap<>();
        Set<Uuid> configsChanged = new LinkedHashSet<>();
        for (MetadataRecord record : records) {
            if (record instanceof MetadataRecord.ClusterId r) {
                Verify.that(clusterId == null || clusterId.equals(r.clusterId()), "cluster id changes from %s to %s",
                        clusterId, r.clusterId());
                clusterId = r.clusterId();
            } else if (record instanceof MetadataRecord.RegisterBroker r) {
                brokers.put(r.brokerId(), new BrokerRegistration(r.brokerId(), r.endpoints(), r.rack()));
            } else if (record instanceof MetadataRecord.Topic r) {
                Verify.that(!topicIdsByName.containsKey(r.name()) && !topics.containsKey(r.topicId()),
                        "topic %s (%s) created twice", r.name(), r.topicId());
                topics.put(r.topicId(), new MutableTopic(r.name(), r.topicId(), r.internal()));
                topicIdsByName.put(r.name(), r.topicId());
                created.add(r.topicId());
            } else if (record instanceof MetadataRecord.Partition r) {
                MutableTopic topic = existing(r.topicId());
                PartitionImage previous = topic.partitions.get(r.partition());
                if (previous == null) {
                    Verify.that(r.partition() == topic.partitions.size(), "partition %s of %s is not the next one",
                            r.partition(), topic.name);
                    if (!created.contains(r.topicId())) {
                        added.computeIfAbsent(r.topicId(), k -> new ArrayList<>()).add(r.partition());
                    }
                } else {
                    Verify.that(r.leaderEpoch() > previous.leaderEpoch(), "leader epoch of %s-%s goes from %s to %s",
                            topic.name, r.partition(), previous.leaderEpoch(), r.leaderEpoch());
                }
                topic.partitions.put(r.partition(), new PartitionImage(r.partition(), r.leaderId(), r.leaderEpoch()));
            } else if (record instanceof MetadataRecord.TopicConfig r) {
                MutableTopic topic = existing(r.topicId());
                if (r.value() == null) {
                    topic.configs.remove(r.key());
                } else {
                    topic.configs.put(r.key(), r.value());
                }
                if (!created.contains(r.topicId())) {
                    configsChanged.add(r.topicId());
                }
            } else if (record instanceof MetadataRecord.RemoveTopic r) {
                MutableTopic topic = existing(r.topicId());
                topics.remove(r.topicId());
                topicIdsByName.remove(topic.name);
                created.remove(r.topicId());
                added.remove(r.topicId());
                configsChanged.remove(r.topicId());
                deleted.add(topic.toImage());
            }
        }
        lastOffset = baseOffset + records.size() - 1;
        image = buildImage();
        List<TopicImage> createdImages = created.stream().map(id -> image.topicsById().get(id)).toList();
        Map<Uuid, List<PartitionImage>> addedImages = new LinkedHashMap<>();
        added.forEach((id, partitions) -> addedImages.put(id,
                partitions.stream().map(p -> image.topicsById().get(id).partition(p)).toList()));
        return new Delta(createdImages, deleted, addedImages, configsChanged);
    }

    private MutableTopic existing(Uuid topicId) {
        MutableTopic topic = topics.get(topicId);
        Verify.that(topic != null, "metadata record for unknown topic id %s", topicId);
        return topic;
    }

    private MetadataImage buildImage() {
        Map<String, TopicImage> byName = new TreeMap<>();
        Map<Uuid, TopicImage> byId = new HashMap<>();
        for (MutableTopic topic : topics.values()) {
            TopicImage t = topic.toImage();
            byName.put(t.name(), t);
            byId.put(t.id(), t);
        }
        return new MetadataImage(lastOffset, clusterId, new TreeMap<>(brokers), byName, byId);
    }

    /** The image after the last applied batch. */
    public MetadataImage image() {
        return image;
    }
}
