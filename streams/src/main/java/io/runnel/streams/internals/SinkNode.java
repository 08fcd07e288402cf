package io.runnel.streams.internals;

import io.runnel.streams.serde.Serde;

/**
 * Writes records to a topic. For an internal repartition topic it also forwards the task's watermark as markers
 * (at most one per {@code watermarkIntervalMs} of processing time, always at commit and at end of input), which the
 * reading tasks combine into their watermark. Task-thread owned.
 */
public final class SinkNode extends Node {
    private final String topic;
    @SuppressWarnings("rawtypes")
    private final Serde keySerde;
    @SuppressWarnings("rawtypes")
    private final Serde valueSerde;
    private final boolean repartition;
    private long sentWatermarkMs = Long.MIN_VALUE;
    private long pendingWatermarkMs = Long.MIN_VALUE;
    private long sentAtMs = Long.MIN_VALUE;

    public SinkNode(String topic, Serde<?> keySerde, Serde<?> valueSerde, boolean repartition) {
        this.topic = topic;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.repartition = repartition;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        // a value passing through unchanged from the source: its bytes as read, when they write back the same
        byte[] valueBytes = ctx.sourceBytes(value, valueSerde);
        if (valueBytes == null) {
            valueBytes = valueSerde.serialize(value);
        }
        if (repartition) {
            ctx.sendRepartition(topic, keySerde.serialize(key), valueBytes, timestampMs);
        } else {
            ctx.send(topic, keySerde.serialize(key), valueBytes, timestampMs);
        }
    }

    @Override
    public void onWatermark(long watermarkMs) {
        if (!repartition) {
            return;
        }
        pendingWatermarkMs = watermarkMs;
        long now = ctx.nowMs();
        if (watermarkMs == Long.MAX_VALUE || sentAtMs == Long.MIN_VALUE || now - sentAtMs >= ctx.watermarkIntervalMs()) {
            sendPending(now);
        }
    }

    @Override
    public void onCommit() {
        if (repartition) {
            sendPending(ctx.nowMs());
        }
    }

    @Override
    public void onIdle(boolean idle) {
        if (repartition && idle) {
            ctx.sendWatermark(topic, Math.max(sentWatermarkMs, pendingWatermarkMs), true);
            sentWatermarkMs = Math.max(sentWatermarkMs, pendingWatermarkMs);
            sentAtMs = ctx.nowMs();
        }
    }

    private void sendPending(long now) {
        if (pendingWatermarkMs > sentWatermarkMs) {
            ctx.sendWatermark(topic, pendingWatermarkMs, false);
            sentWatermarkMs = pendingWatermarkMs;
            sentAtMs = now;
        }
    }
}
