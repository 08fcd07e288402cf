package io.runnel.client;

/**
 * Record header names the Runnel client writes or reads. Values are UTF-8 text. The broker honours
 * {@link #DELIVER_AT} whatever client produced the record; the others are conventions of this client.
 */
public final class MessageHeaders {
    /** Epoch ms (decimal) before which share-group consumers do not receive the record (delayed delivery). */
    public static final String DELIVER_AT = "runnel.deliver.at";
    /** The event time given with {@code eventTime(..)}, epoch ms (decimal). */
    public static final String EVENT_TIME = "runnel.event.time";
    // Dead-letter context headers: the names and texts of KIP-1191, which the broker writes for Shared and KeyShared
    // subscriptions and this client writes for Exclusive and Failover ones, so a dead-letter topic reads the same.
    /** On a dead-lettered record: the topic it came from. */
    public static final String DLQ_ORIGIN_TOPIC = "__dlq.errors.topic";
    /** On a dead-lettered record: its partition in the origin topic. */
    public static final String DLQ_ORIGIN_PARTITION = "__dlq.errors.partition";
    /** On a dead-lettered record: its offset in the origin partition. */
    public static final String DLQ_ORIGIN_OFFSET = "__dlq.errors.offset";
    /** On a dead-lettered record: the subscription (group) that gave up on it. */
    public static final String DLQ_SUBSCRIPTION = "__dlq.errors.group";
    /** On a dead-lettered record: how many times it had been delivered. */
    public static final String DLQ_DELIVERY_COUNT = "__dlq.errors.delivery.count";
    /** On a dead-lettered record: why, e.g. {@value #DLQ_REASON_DELIVERY_LIMIT}. */
    public static final String DLQ_REASON = "__dlq.errors.message";
    /** The reason of a record that used up its redeliveries. */
    public static final String DLQ_REASON_DELIVERY_LIMIT = "Offset delivery count exceeded the threshold.";

    private MessageHeaders() {
    }
}
