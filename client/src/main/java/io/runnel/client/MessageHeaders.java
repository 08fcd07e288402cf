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
    /** On a dead-lettered record: the topic it came from. */
    public static final String DLQ_ORIGIN_TOPIC = "runnel.dlq.origin.topic";
    /** On a dead-lettered record: its partition in the origin topic. */
    public static final String DLQ_ORIGIN_PARTITION = "runnel.dlq.origin.partition";
    /** On a dead-lettered record: its offset in the origin partition. */
    public static final String DLQ_ORIGIN_OFFSET = "runnel.dlq.origin.offset";
    /** On a dead-lettered record: how many times it had been delivered. */
    public static final String DLQ_DELIVERY_COUNT = "runnel.dlq.delivery.count";
    /** On a dead-lettered record: the subscription (group) that gave up on it. */
    public static final String DLQ_SUBSCRIPTION = "runnel.dlq.subscription";
    /** On a dead-lettered record: why ({@code max-redeliveries}). */
    public static final String DLQ_REASON = "runnel.dlq.reason";

    private MessageHeaders() {
    }
}
