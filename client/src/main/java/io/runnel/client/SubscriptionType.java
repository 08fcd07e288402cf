package io.runnel.client;

/**
 * How the consumers of one subscription share its messages. See docs/client.md for the mapping onto Kafka groups.
 */
public enum SubscriptionType {
    /** One consumer receives everything; a second consumer of the subscription is refused. A consumer group. */
    Exclusive,
    /** One active consumer per partition, the others stand by and take over when it leaves. A consumer group. */
    Failover,
    /** Messages are spread over all consumers, each acknowledged individually. A share group (KIP-932). */
    Shared,
    /** Like Shared, but all messages of one key go to one consumer at a time, in order. A key-shared share group. */
    KeyShared;

    /** True for the types served by a share group. */
    public boolean isShared() {
        return this == Shared || this == KeyShared;
    }
}
