package io.runnel.broker.group;

/** A group held by a coordinator shard: classic or consumer (KIP-848). Owned by the shard's thread. */
public sealed interface Group permits ClassicGroup, ConsumerGroup, ShareGroup {

    String groupId();

    /** "classic", "consumer" or "share", as ListGroups reports it. */
    String type();

    /** The state name clients see (DescribeGroups / ListGroups / ConsumerGroupDescribe). */
    String stateLabel();

    /** The protocol type ListGroups reports ("consumer" for consumer groups). */
    String protocolType();

    /** True when the group has no members (it may still have committed offsets). */
    boolean isEmpty();
}
