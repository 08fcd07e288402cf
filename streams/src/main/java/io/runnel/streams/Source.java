package io.runnel.streams;

import io.runnel.streams.serde.Serde;
import java.time.Duration;
import java.util.Objects;

/**
 * How to read a topic: serdes, which clock gives records their time, and the out-of-orderness bound of the
 * watermark (watermark = highest time seen - bound). Immutable; each setter returns a copy.
 */
public final class Source<K, V> {
    final String topic;
    final Serde<K> keySerde;
    final Serde<V> valueSerde;
    final TimeMode timeMode;
    final TimestampExtractor<K, V> extractor;
    final long outOfOrdernessMs;

    private Source(String topic, Serde<K> keySerde, Serde<V> valueSerde, TimeMode timeMode,
                   TimestampExtractor<K, V> extractor, long outOfOrdernessMs) {
        this.topic = Objects.requireNonNull(topic);
        this.keySerde = Objects.requireNonNull(keySerde);
        this.valueSerde = Objects.requireNonNull(valueSerde);
        this.timeMode = timeMode;
        this.extractor = extractor;
        this.outOfOrdernessMs = outOfOrdernessMs;
    }

    /** Event time from the record timestamp, no out-of-orderness allowance. */
    public static <K, V> Source<K, V> of(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new Source<>(topic, keySerde, valueSerde, TimeMode.EVENT_TIME, null, 0);
    }

    /** Event time read from the record (for example a JSON field) instead of the record timestamp. */
    public Source<K, V> eventTime(TimestampExtractor<K, V> timestampExtractor) {
        return new Source<>(topic, keySerde, valueSerde, TimeMode.EVENT_TIME, timestampExtractor, outOfOrdernessMs);
    }

    /** The broker's append time (topic with message.timestamp.type=LogAppendTime). */
    public Source<K, V> ingestionTime() {
        return new Source<>(topic, keySerde, valueSerde, TimeMode.INGESTION_TIME, null, outOfOrdernessMs);
    }

    /** The worker's clock at processing. */
    public Source<K, V> processingTime() {
        return new Source<>(topic, keySerde, valueSerde, TimeMode.PROCESSING_TIME, null, 0);
    }

    /** Watermark = highest time seen minus {@code bound}: records up to that much out of order are on time. */
    public Source<K, V> outOfOrderness(Duration bound) {
        return new Source<>(topic, keySerde, valueSerde, timeMode, extractor, bound.toMillis());
    }

    public String topic() {
        return topic;
    }
}
