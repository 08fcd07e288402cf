package io.runnel.broker.metadata;

/**
 * One partition as the metadata log describes it: its leader broker and the leader epoch (bumped on every
 * leadership change; on one node it starts at 0 and changes only when the partition is recreated). Immutable.
 */
public record PartitionImage(int partition, int leaderId, int leaderEpoch) {
}
