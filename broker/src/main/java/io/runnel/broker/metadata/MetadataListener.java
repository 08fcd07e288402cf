package io.runnel.broker.metadata;

import java.util.List;

/**
 * Told about every metadata change after it is durable in the metadata log and published in the image. The
 * partition layer implements it to open, grow, reconfigure and delete partition logs.
 *
 * <p>Thread: all callbacks come from the single metadata thread, in log order; the image a callback refers to is
 * already visible through {@link MetadataService#image()}. Callbacks must be quick: they delay every later
 * metadata change. An exception is logged and does not stop the other listeners.
 */
public interface MetadataListener {

    /**
     * Once at startup, after the metadata log has been replayed. The default treats every existing topic as
     * created, which suits listeners whose creation path is idempotent (open-or-create).
     */
    default void onImageLoaded(MetadataImage image) {
        for (TopicImage topic : image.topics()) {
            onTopicCreated(topic);
        }
    }

    default void onTopicCreated(TopicImage topic) {
    }

    /** {@code topic} is the image before deletion: every partition it had must go. */
    default void onTopicDeleted(TopicImage topic) {
    }

    /** {@code added} are the new partitions; {@code topic} already includes them. */
    default void onPartitionsAdded(TopicImage topic, List<PartitionImage> added) {
    }

    /** The topic's overrides changed to {@code topic.configs()}. */
    default void onTopicConfigChanged(TopicImage topic) {
    }
}
