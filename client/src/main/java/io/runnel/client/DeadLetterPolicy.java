package io.runnel.client;

import java.util.Objects;

/**
 * When a message goes to a dead-letter topic instead of being delivered again: after {@code maxRedeliverCount}
 * redeliveries (so at most {@code 1 + maxRedeliverCount} deliveries), a negative acknowledgement or ack timeout
 * moves it to {@link #deadLetterTopic()} with context headers. Immutable.
 */
public final class DeadLetterPolicy {
    private final int maxRedeliverCount;
    private final String deadLetterTopic;

    private DeadLetterPolicy(int maxRedeliverCount, String deadLetterTopic) {
        this.maxRedeliverCount = maxRedeliverCount;
        this.deadLetterTopic = deadLetterTopic;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxRedeliverCount() {
        return maxRedeliverCount;
    }

    /** The dead-letter topic, or null for the default {@code dlq.<topic>-<subscription>}. */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    @Override
    public String toString() {
        return "DeadLetterPolicy{maxRedeliverCount=" + maxRedeliverCount + ", deadLetterTopic=" + deadLetterTopic
                + "}";
    }

    /** Not thread-safe. */
    public static final class Builder {
        private int maxRedeliverCount = -1;
        private String deadLetterTopic;

        private Builder() {
        }

        /** Redeliveries before a message goes to the dead-letter topic; required, at least 0. */
        public Builder maxRedeliverCount(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("maxRedeliverCount must be >= 0: " + count);
            }
            this.maxRedeliverCount = count;
            return this;
        }

        /** The dead-letter topic (default {@code dlq.<topic>-<subscription>}). */
        public Builder deadLetterTopic(String topic) {
            this.deadLetterTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        public DeadLetterPolicy build() {
            if (maxRedeliverCount < 0) {
                throw new IllegalStateException("DeadLetterPolicy needs maxRedeliverCount");
            }
            return new DeadLetterPolicy(maxRedeliverCount, deadLetterTopic);
        }
    }
}
