package io.runnel.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * States of a classic-protocol group, with the transitions allowed into each (checked by
 * {@link ClassicGroup#transitionTo}). The names are the ones Kafka clients show (DescribeGroups, ListGroups).
 */
public enum ClassicGroupState {
    /** No members; may still hold committed offsets. */
    EMPTY("Empty"),
    /** Waiting for every member to (re)join before a new generation starts. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** The new generation is formed; waiting for the leader's assignment (SyncGroup). */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Members have their assignment and heartbeat. */
    STABLE("Stable"),
    /** Deleted (or converted to the other group type); no operation succeeds. */
    DEAD("Dead");

    private final String label;

    ClassicGroupState(String label) {
        this.label = label;
    }

    /** The state a transition into this one may start from. */
    Set<ClassicGroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.of(EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD);
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
