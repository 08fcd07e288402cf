package io.runnel.broker.group;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * A member of a classic group: its protocols, timeouts, current assignment and the parked JoinGroup / SyncGroup
 * responses. Owned by the shard thread.
 */
final class ClassicMember {
    final String memberId;
    final String instanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    /** The member's supported protocols in preference order. */
    List<Protocol> protocols;
    byte[] assignment = new byte[0];
    /** Parked JoinGroup response while the group prepares a rebalance, else null. */
    CompletableFuture<JoinGroupResponseData> joinFuture;
    /** Parked SyncGroup response while the group waits for the leader's assignment, else null. */
    CompletableFuture<SyncGroupResponseData> syncFuture;

    ClassicMember(String memberId, String instanceId, String clientId, String clientHost, int sessionTimeoutMs,
                  int rebalanceTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.instanceId = instanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /** A copy under a new member id (static member replacement), keeping the assignment. */
    ClassicMember withMemberId(String newMemberId) {
        ClassicMember m = new ClassicMember(newMemberId, instanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, protocols);
        m.assignment = assignment;
        return m;
    }

    byte[] metadata(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return null;
    }

    boolean supports(String protocolName) {
        return metadata(protocolName) != null;
    }

    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).name().equals(protocols.get(i).name())
                    || !Arrays.equals(other.get(i).metadata(), protocols.get(i).metadata())) {
                return false;
            }
        }
        return true;
    }

    /** One protocol a member supports (e.g. "range" with its subscription bytes). */
    record Protocol(String name, byte[] metadata) {
    }
}
