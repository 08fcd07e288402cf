package io.runnel.streams.internals;

import io.runnel.streams.TimeMode;
import io.runnel.streams.serde.Serde;
import java.nio.ByteBuffer;

/**
 * Reads one topic: deserializes, assigns the record its time (record timestamp, extracted field, or processing
 * time) and forwards. For a table source, also mirrors the record into the table's store (a null value deletes).
 * Task-thread owned.
 */
public final class SourceNode extends Node {
    private final SourceDef def;
    @SuppressWarnings("rawtypes")
    private final Serde keySerde;
    @SuppressWarnings("rawtypes")
    private final Serde valueSerde;
    private io.runnel.streams.state.LoggedStore table;

    public SourceNode(SourceDef def) {
        this.def = def;
        this.keySerde = def.keySerde();
        this.valueSerde = def.valueSerde();
    }

    public SourceDef def() {
        return def;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        if (def.tableStore() != null) {
            table = context.store(def.tableStore());
        }
    }

    /**
     * Returns the record's assigned time. The buffers are read during the call only (they may be views into a
     * fetched batch): the serdes copy what they keep, and so does the table.
     */
    long ingest(ByteBuffer keyBytes, ByteBuffer valueBytes, long recordTimestampMs) {
        Object key = read(keySerde, keyBytes);
        Object value = read(valueSerde, valueBytes);
        long ts;
        if (def.timeMode() == TimeMode.PROCESSING_TIME) {
            ts = ctx.nowMs();
        } else if (def.extractor() != null && value != null) {
            ts = def.extractor().extract(key, value, recordTimestampMs);
        } else {
            ts = recordTimestampMs;
        }
        if (table != null) {
            if (keyBytes == null) {
                return ts;
            }
            table.put(copy(keyBytes), copy(valueBytes));
        } else if (value == null) {
            return ts;
        }
        forward(key, value, ts);
        return ts;
    }

    @SuppressWarnings("rawtypes")
    private static Object read(Serde serde, ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        if (buffer.hasArray()) {
            return serde.deserialize(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        return serde.deserialize(copy(buffer));
    }

    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }

    @Override
    public void process(Object key, Object value, long timestampMs) {
        throw new IllegalStateException("a source node has no parent");
    }
}
