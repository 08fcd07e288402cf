package io.runnel.streams;

import io.runnel.streams.internals.NodeDef;
import io.runnel.streams.internals.RunningAggregateNode;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.serde.Serde;
import java.util.function.BinaryOperator;

/** A stream whose records of one key are all in one task: ready for windows and per-key aggregates. */
public final class KeyedStream<K, V> {
    final PipelineBuilder builder;
    final NodeDef node;
    final Serde<K> keySerde;
    final Serde<V> valueSerde;

    KeyedStream(PipelineBuilder builder, NodeDef node, Serde<K> keySerde, Serde<V> valueSerde) {
        this.builder = builder;
        this.node = node;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    public WindowedStream<K, V> window(Windows windows) {
        return new WindowedStream<>(this, windows, EmitMode.ON_CLOSE, 0, null);
    }

    /**
     * A running aggregate per key (the accumulative model): every record updates the key's total, and the new result
     * is emitted.
     */
    public <A, R> Stream<K, R> aggregate(Aggregation<? super V, A, R> aggregation) {
        String name = builder.graph.name("aggregate");
        String store = name + "-store";
        NodeDef n = builder.graph.add(name, () -> new RunningAggregateNode(store, keySerde, aggregation), node);
        builder.graph.addStore(n, new StoreDef(store, null));
        return new Stream<>(builder, n, keySerde, null);
    }

    public Stream<K, Long> count() {
        return aggregate(Aggregations.<V>count()).withSerdes(keySerde, io.runnel.streams.serde.Serdes.longs());
    }

    public Stream<K, V> reduce(BinaryOperator<V> reducer) {
        return aggregate(Aggregations.reduce(reducer, valueSerdeRequired())).withSerdes(keySerde, valueSerde);
    }

    /** Back to a plain stream (keys unchanged). */
    public Stream<K, V> toStream() {
        return new Stream<>(builder, node, keySerde, valueSerde);
    }

    Serde<V> valueSerdeRequired() {
        return new Stream<>(builder, node, keySerde, valueSerde).requireValueSerde();
    }
}
