package io.runnel.streams.internals;

import io.runnel.streams.TimeMode;
import io.runnel.streams.TimestampExtractor;
import io.runnel.streams.serde.Serde;

/**
 * How a source reads a topic: serdes, time and watermark settings, and its role: a stream (drives the watermark), a
 * table (state only, never holds the watermark back) or an internal repartition topic (watermark from upstream
 * markers; {@code upstreamSubtopology} names the writers).
 */
public record SourceDef(String topic, Serde<?> keySerde, Serde<?> valueSerde, TimeMode timeMode,
                        TimestampExtractor<Object, Object> extractor, long outOfOrdernessMs, Kind kind,
                        String tableStore) {
    public enum Kind { STREAM, TABLE, REPARTITION }
}
