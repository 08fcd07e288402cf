package io.runnel.streams;

/** Which clock gives a record its time. */
public enum TimeMode {
    /**
     * Event time: the record timestamp (the producer's CreateTime) or a field read by a timestamp extractor.
     * Watermarks follow the data.
     */
    EVENT_TIME,
    /**
     * Ingestion time: the record timestamp as the broker set it. Configure the topic with
     * {@code message.timestamp.type=LogAppendTime}; otherwise this is the producer's time.
     */
    INGESTION_TIME,
    /** Processing time: the worker's clock when the record is processed; the watermark is that clock. */
    PROCESSING_TIME
}
