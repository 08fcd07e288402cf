package io.runnel.broker.group;

import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/** {@link TopicsView} over one immutable {@link MetadataImage}. Immutable, thread-safe. */
final class ImageTopicsView implements TopicsView {
    private final MetadataImage image;

    ImageTopicsView(MetadataImage image) {
        this.image = image;
    }

    @Override
    public Uuid topicId(String name) {
        return image.topic(name).map(TopicImage::id).orElse(null);
    }

    @Override
    public String topicName(Uuid topicId) {
        return image.topic(topicId).map(TopicImage::name).orElse(null);
    }

    @Override
    public int partitionCount(String name) {
        return image.topic(name).map(TopicImage::partitionCount).orElse(-1);
    }

    @Override
    public Iterable<String> topicNames() {
        List<String> names = new ArrayList<>();
        image.topics().forEach(t -> names.add(t.name()));
        return names;
    }
}
