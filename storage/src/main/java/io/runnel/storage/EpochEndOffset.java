package io.runnel.storage;

/**
 * Answer of the leader-epoch cache for OffsetForLeaderEpoch: the largest known epoch {@code <=} the requested one
 * (or the requested one when it predates every known epoch) and the offset at which that epoch ended.
 * Immutable.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
}
