package io.runnel.streams.internals;

import io.runnel.streams.EmitMode;
import io.runnel.streams.serde.Serde;

/**
 * Settings shared by the windowed operators: state store, emission, allowed lateness and the side-output topic for
 * records later than that (null: dropped and counted). The serdes write store keys and late records.
 */
public record WindowOptions(String storeName, EmitMode emitMode, long allowedLatenessMs, String lateTopic,
                            Serde<?> keySerde, Serde<?> valueSerde) {

    /** Diverts or drops a record that came after its windows closed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void late(TaskContext ctx, Object key, Object value, long timestampMs) {
        ctx.onLateRecord();
        if (lateTopic != null) {
            ctx.send(lateTopic, ((Serde) keySerde).serialize(key), ((Serde) valueSerde).serialize(value), timestampMs);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] keyBytes(Object key) {
        return ((Serde) keySerde).serialize(key);
    }
}
