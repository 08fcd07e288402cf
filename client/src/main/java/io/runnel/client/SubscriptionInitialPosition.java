package io.runnel.client;

/** Where a subscription without a stored position starts. */
public enum SubscriptionInitialPosition {
    /** At the end: only messages published after the subscription was created (Pulsar's default). */
    Latest,
    /** At the first retained message. */
    Earliest
}
