package io.runnel.broker.metadata;

import io.runnel.broker.network.Listener;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * One change to the cluster metadata, as stored in the metadata log ({@link MetadataLogFormat}) and applied by
 * {@link MetadataStateMachine}. Records are facts, not commands: validation happened before they were written,
 * so applying them never fails on valid input. Immutable.
 */
public sealed interface MetadataRecord {

    /** The first record of a fresh log: the cluster's identity. */
    record ClusterId(String clusterId) implements MetadataRecord {
    }

    /** A broker (re)registers with its advertised endpoints on every start. */
    record RegisterBroker(int brokerId, List<Listener> endpoints, String rack) implements MetadataRecord {
        public RegisterBroker {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** A topic comes into existence; its partitions follow as {@link Partition} records in the same batch. */
    record Topic(String name, Uuid topicId, boolean internal) implements MetadataRecord {
    }

    /** A partition is created, or its leadership changes (a higher leader epoch). */
    record Partition(Uuid topicId, int partition, int leaderId, int leaderEpoch) implements MetadataRecord {
    }

    /** A topic-level override is set ({@code value} non-null) or removed ({@code value} null). */
    record TopicConfig(Uuid topicId, String key, String value) implements MetadataRecord {
    }

    /** A topic and all its partitions go away. */
    record RemoveTopic(Uuid topicId) implements MetadataRecord {
    }
}
