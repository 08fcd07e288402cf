package io.runnel.streams.internals;

import io.runnel.streams.state.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micro-batch coalescing of emit-on-update results: within one trigger interval only the latest result per window
 * (or per key) is kept, and all are forwarded, in first-update order, when the batch ends. Task-thread owned.
 */
final class UpdateBuffer {
    private record Pending(Object key, Object value, long timestampMs) {
    }

    private final Map<Bytes, Pending> pending = new LinkedHashMap<>();

    void put(byte[] id, Object key, Object value, long timestampMs) {
        pending.put(Bytes.wrap(id), new Pending(key, value, timestampMs));
    }

    void flushTo(Node node) {
        if (pending.isEmpty()) {
            return;
        }
        for (Pending p : pending.values()) {
            node.forwardFromBuffer(p.key, p.value, p.timestampMs);
        }
        pending.clear();
    }
}
