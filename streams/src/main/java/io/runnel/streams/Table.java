package io.runnel.streams;

import io.runnel.streams.internals.NodeDef;
import io.runnel.streams.serde.Serde;

/**
 * A table: the latest value per key of a compacted topic (insert-delete model: a tombstone deletes). Kept in a state
 * store whose changelog is the topic itself. Streams join against it with {@link Stream#join(Table, java.util.function.BiFunction)}.
 */
public final class Table<K, V> {
    final PipelineBuilder builder;
    final NodeDef node;
    final String storeName;
    final Serde<K> keySerde;
    final Serde<V> valueSerde;

    Table(PipelineBuilder builder, NodeDef node, String storeName, Serde<K> keySerde, Serde<V> valueSerde) {
        this.builder = builder;
        this.node = node;
        this.storeName = storeName;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    /** The table's changes as a stream (deletes are not forwarded). */
    public Stream<K, V> toStream() {
        return new Stream<>(builder, node, keySerde, valueSerde);
    }
}
