package io.runnel.streams.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connected piece of the operator graph: it reads a set of co-partitioned topics and runs as one task per
 * partition. Immutable after compilation.
 */
public final class Subtopology {
    private final int id;
    private final List<NodeDef> nodes;
    private final List<SourceDef> sources = new ArrayList<>();
    private final List<StoreDef> stores = new ArrayList<>();
    private final List<String> sinkTopics = new ArrayList<>();
    private final List<String> repartitionTopics = new ArrayList<>();
    final Map<String, Integer> upstreamOf = new HashMap<>();

    Subtopology(int id, List<NodeDef> nodes) {
        this.id = id;
        this.nodes = List.copyOf(nodes);
        for (NodeDef n : nodes) {
            if (n.source != null) {
                sources.add(n.source);
            }
            for (StoreDef s : n.stores) {
                if (!stores.contains(s)) {
                    stores.add(s);
                }
            }
            sinkTopics.addAll(n.extraOutputTopics);
            if (n.sinkTopic != null) {
                (n.repartitionSink ? repartitionTopics : sinkTopics).add(n.sinkTopic);
            }
        }
    }

    public int id() {
        return id;
    }

    /** In topological order (creation order: the DSL creates parents first). */
    public List<NodeDef> nodes() {
        return nodes;
    }

    public List<SourceDef> sources() {
        return sources;
    }

    public List<String> sourceTopics() {
        return sources.stream().map(SourceDef::topic).toList();
    }

    public List<StoreDef> stores() {
        return stores;
    }

    /** User topics this piece writes. */
    public List<String> sinkTopics() {
        return sinkTopics;
    }

    /** Internal topics this piece writes for a downstream piece. */
    public List<String> repartitionTopicsWritten() {
        return repartitionTopics;
    }

    /** The subtopology writing repartition topic {@code topic}, which this one reads. */
    public Integer upstreamOf(String topic) {
        return upstreamOf.get(topic);
    }
}
