package io.runnel.streams.internals;

import io.runnel.streams.TimeMode;
import io.runnel.streams.serde.ExactRead;
import io.runnel.streams.serde.Serde;
import java.nio.ByteBuffer;
import java.util.Arrays;

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
    private final ExactRead exactRead = new ExactRead();
    /** During {@link #ingest}: the value read, and where its bytes are if they write back exactly (else null). */
    private Object value;
    private byte[] valueArray;
    private int valueOffset;
    private int valueLength;

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
        Object value = readValue(valueBytes);
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
        this.value = value;
        try {
            forward(key, value, ts);
        } finally {
            this.value = null; // the range is the fetch's: not held past the call
            valueArray = null;
        }
        return ts;
    }

    /**
     * The bytes {@code value} was read from, copied, if it is the value being ingested, {@code serde} is the one
     * that read it and they write back exactly ({@link ExactRead}): a sink writing the value unchanged copies them
     * instead of writing it again. Else null.
     */
    byte[] exactBytes(Object value, Serde<?> serde) {
        if (value == null || value != this.value || valueArray == null || serde != valueSerde) {
            return null;
        }
        return Arrays.copyOfRange(valueArray, valueOffset, valueOffset + valueLength);
    }

    @SuppressWarnings("unchecked")
    private Object readValue(ByteBuffer buffer) {
        valueArray = null;
        if (buffer == null || !buffer.hasArray()) {
            return read(valueSerde, buffer);
        }
        int offset = buffer.arrayOffset() + buffer.position();
        Object v = valueSerde.deserialize(buffer.array(), offset, buffer.remaining(), exactRead);
        if (exactRead.exact()) {
            valueArray = buffer.array();
            valueOffset = offset;
            valueLength = buffer.remaining();
        }
        return v;
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
