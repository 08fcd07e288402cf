package io.runnel.streams;

import io.runnel.streams.internals.Graph;
import io.runnel.streams.internals.NodeDef;
import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.SourceNode;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.serde.Serde;

/**
 * Entry point of the DSL: declare sources, chain operators, then {@link #build()}. The application id names the
 * consumer group, the internal topics ({@code <id>-...-repartition}, {@code <id>-...-changelog}) and the state
 * directory. Used by one thread while building.
 */
public final class PipelineBuilder {
    final Graph graph;

    public PipelineBuilder(String applicationId) {
        this.graph = new Graph(applicationId);
    }

    public String applicationId() {
        return graph.applicationId();
    }

    /** A stream of {@code topic} in event time (record timestamps), no out-of-orderness allowance. */
    public <K, V> Stream<K, V> stream(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return stream(Source.of(topic, keySerde, valueSerde));
    }

    @SuppressWarnings("unchecked")
    public <K, V> Stream<K, V> stream(Source<K, V> source) {
        SourceDef def = new SourceDef(source.topic, source.keySerde, source.valueSerde, source.timeMode,
                (TimestampExtractor<Object, Object>) (TimestampExtractor<?, ?>) source.extractor,
                source.outOfOrdernessMs, SourceDef.Kind.STREAM, null);
        NodeDef node = graph.addSource(graph.name("source-" + source.topic), def, () -> new SourceNode(def));
        return new Stream<>(this, node, source.keySerde, source.valueSerde);
    }

    /**
     * A table over a compacted topic: the latest value per key, a null value (tombstone) deletes the key. The topic
     * is the table's changelog. Joining a stream with it requires both topics to have the same partition count and
     * keys partitioned the same way.
     */
    public <K, V> Table<K, V> table(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        String name = graph.name("table-" + topic);
        String storeName = name + "-store";
        SourceDef def = new SourceDef(topic, keySerde, valueSerde, TimeMode.EVENT_TIME, null, 0,
                SourceDef.Kind.TABLE, storeName);
        NodeDef node = graph.addSource(name, def, () -> new SourceNode(def));
        graph.addStore(node, new StoreDef(storeName, topic));
        return new Table<>(this, node, storeName, keySerde, valueSerde);
    }

    public Pipeline build() {
        return new Pipeline(graph.applicationId(), graph.compile());
    }
}
