package io.runnel.client.internal;

import io.runnel.client.DeadLetterPolicy;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionMode;
import io.runnel.client.SubscriptionType;
import java.util.List;

/**
 * A validated consumer configuration (see ConsumerBuilder for the meaning of each field). Immutable.
 *
 * @param ackTimeoutMs 0 = no ack timeout
 * @param deadLetterPolicy null = none
 * @param consumerName null = generated
 */
public record ConsumerSettings(List<String> topics, String subscription, SubscriptionType type, SubscriptionMode mode,
        SubscriptionInitialPosition initialPosition, DeadLetterPolicy deadLetterPolicy, long negativeAckDelayMs,
        long ackTimeoutMs, int receiverQueueSize, String consumerName) {

    /** The topics as one string for messages and logs. */
    public String topicsText() {
        return topics.size() == 1 ? topics.get(0) : topics.toString();
    }

    /** The dead-letter topic: the policy's, else {@code dlq.<first topic>-<subscription>}. */
    public String deadLetterTopic() {
        if (deadLetterPolicy == null) {
            return null;
        }
        String t = deadLetterPolicy.deadLetterTopic();
        return t != null ? t : "dlq." + topics.get(0) + "-" + subscription;
    }
}
