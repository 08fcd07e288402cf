package io.runnel.broker.group;

import org.apache.kafka.common.Uuid;

/**
 * What the coordinator needs to know of the cluster's topics: ids, names and partition counts. Implemented over
 * the broker's metadata image; a snapshot, safe to read from any thread.
 */
public interface TopicsView {
    /** The topic's id, or null if it does not exist. */
    Uuid topicId(String name);

    /** The topic's name, or null if no topic has this id. */
    String topicName(Uuid topicId);

    /** The topic's partition count, or -1 if it does not exist. */
    int partitionCount(String name);

    /** All topic names (for regex subscriptions). */
    Iterable<String> topicNames();
}
