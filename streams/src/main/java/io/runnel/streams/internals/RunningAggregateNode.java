package io.runnel.streams.internals;

import io.runnel.streams.Aggregation;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;

/** A running (unwindowed) aggregate per key; emits the new result after every record. Task-thread owned. */
public final class RunningAggregateNode extends Node {
    private final String storeName;
    @SuppressWarnings("rawtypes")
    private final Serde keySerde;
    @SuppressWarnings("rawtypes")
    private final Aggregation agg;
    @SuppressWarnings("rawtypes")
    private final Serde accSerde;
    private LoggedStore store;
    private final UpdateBuffer updates = new UpdateBuffer();
    private boolean coalesce;

    public RunningAggregateNode(String storeName, Serde<?> keySerde, Aggregation<?, ?, ?> agg) {
        this.storeName = storeName;
        this.keySerde = keySerde;
        this.agg = agg;
        this.accSerde = agg.accumulatorSerde();
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        store = context.store(storeName);
        coalesce = context.mode() == io.runnel.streams.ProcessingMode.MICRO_BATCH;
    }

    @Override
    public void onCommit() {
        updates.flushTo(this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        byte[] k = keySerde.serialize(key);
        byte[] old = store.get(k);
        Object acc = agg.add(old == null ? agg.init() : accSerde.deserialize(old), value);
        store.put(k, accSerde.serialize(acc));
        if (coalesce) {
            updates.put(k, key, agg.result(acc), timestampMs);
        } else {
            forward(key, agg.result(acc), timestampMs);
        }
    }
}
