package io.runnel.client;

/** Whether a subscription's position outlives its consumers. */
public enum SubscriptionMode {
    /** Acknowledged positions are stored in the group; a new consumer continues where the last one stopped. */
    Durable,
    /** Nothing is stored: no committed offsets, and the group is deleted when its last consumer closes. */
    NonDurable
}
