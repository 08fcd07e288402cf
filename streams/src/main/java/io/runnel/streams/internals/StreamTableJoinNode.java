package io.runnel.streams.internals;

import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;
import java.util.function.BiFunction;

/** Looks each stream record's key up in a table store and joins the values. Task-thread owned. */
public final class StreamTableJoinNode extends Node {
    private final String tableStore;
    @SuppressWarnings("rawtypes")
    private final Serde keySerde;
    @SuppressWarnings("rawtypes")
    private final Serde tableValueSerde;
    private final BiFunction<Object, Object, Object> joiner;
    private final boolean left;
    private LoggedStore store;

    public StreamTableJoinNode(String tableStore, Serde<?> keySerde, Serde<?> tableValueSerde,
                               BiFunction<Object, Object, Object> joiner, boolean left) {
        this.tableStore = tableStore;
        this.keySerde = keySerde;
        this.tableValueSerde = tableValueSerde;
        this.joiner = joiner;
        this.left = left;
    }

    @Override
    public void init(TaskContext context) {
        super.init(context);
        store = context.store(tableStore);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Object key, Object value, long timestampMs) {
        Object tableValue = key == null ? null : tableValueSerde.deserialize(store.get(keySerde.serialize(key)));
        if (tableValue == null && !left) {
            return;
        }
        forward(key, joiner.apply(value, tableValue), timestampMs);
    }
}
