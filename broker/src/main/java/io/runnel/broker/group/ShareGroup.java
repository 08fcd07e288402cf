package io.runnel.broker.group;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A share group (KIP-932). Persisted (replayed from records): the group epoch, the group-level configs and the
 * delivery state of every topic-partition the group consumed ({@link SharePartition}). In memory only: the members
 * (they heartbeat; after a coordinator restart they rejoin) and their share sessions (a client whose session is
 * gone opens a new one). Owned by the shard thread.
 */
public final class ShareGroup implements Group {
    private final String groupId;
    int groupEpoch;
    final TreeMap<String, Member> members = new TreeMap<>();
    final Map<TopicPartition, SharePartition> partitions = new HashMap<>();
    final Map<String, Session> sessions = new HashMap<>();
    /** The delay indexes of this group's partitions, opened on first use (files are the state; this is a cache). */
    final Map<TopicPartition, ShareDelayIndex> delayIndexes = new HashMap<>();
    Map<String, String> configs = Map.of();

    ShareGroup(String groupId) {
        this.groupId = groupId;
    }

    /** A member: client facts and the topics it subscribes to. */
    static final class Member {
        final String memberId;
        final String clientId;
        final String clientHost;
        String rackId;
        List<String> subscribedTopics;
        int memberEpoch;

        Member(String memberId, String clientId, String clientHost) {
            this.memberId = memberId;
            this.clientId = clientId;
            this.clientHost = clientHost;
        }
    }

    /** A share session (KIP-932): the partitions a member fetches from one broker, and the next expected epoch. */
    static final class Session {
        int nextEpoch = 1;
        final LinkedHashSet<SharePartitionKey> partitions = new LinkedHashSet<>();
    }

    /** A partition of a share session: topic id as the client named it, and its internal name. */
    public record SharePartitionKey(Uuid topicId, TopicPartition topicPartition) {
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String type() {
        return "share";
    }

    /** Empty or Stable: a share group has no rebalance phases (every member gets every partition). */
    @Override
    public String stateLabel() {
        return members.isEmpty() ? "Empty" : "Stable";
    }

    @Override
    public String protocolType() {
        return "share";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public Map<TopicPartition, SharePartition> sharePartitions() {
        return partitions;
    }
}
