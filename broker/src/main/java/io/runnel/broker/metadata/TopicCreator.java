package io.runnel.broker.metadata;

import java.util.concurrent.CompletableFuture;

/**
 * Creates topics through the metadata log: used by CreateTopics, by Metadata auto-create and by coordinators for
 * their internal topics ({@code __consumer_offsets}). Thread-safe; never blocks the caller: the futures complete
 * on the metadata thread once the record is durable and every {@link MetadataListener} has been told.
 */
public interface TopicCreator {

    /**
     * Creates the topic. Fails with Kafka's {@code TopicExistsException}, {@code InvalidTopicException},
     * {@code InvalidPartitionsException} or {@code InvalidConfigurationException} (message naming the key).
     */
    CompletableFuture<TopicImage> create(TopicSpec spec);

    /** The topic if it exists (whatever its partition count), otherwise creates it as {@link #create} does. */
    CompletableFuture<TopicImage> getOrCreate(TopicSpec spec);
}
