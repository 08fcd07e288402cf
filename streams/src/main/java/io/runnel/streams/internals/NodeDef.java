package io.runnel.streams.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A vertex of the logical graph the DSL builds: how to make the node (once per task), its parents and children,
 * and, for sources and sinks, the topic. Mutable only while the pipeline is being built (single thread).
 */
public final class NodeDef {
    final int id;
    final String name;
    final Supplier<Node> factory;
    final List<NodeDef> parents = new ArrayList<>();
    final List<NodeDef> children = new ArrayList<>();
    final List<StoreDef> stores = new ArrayList<>();
    SourceDef source;
    String sinkTopic;
    /** Topics the node writes besides a sink's (late-record side outputs). */
    final List<String> extraOutputTopics = new ArrayList<>();
    boolean repartitionSink;

    NodeDef(int id, String name, Supplier<Node> factory) {
        this.id = id;
        this.name = name;
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    public void addOutputTopic(String topic) {
        extraOutputTopics.add(topic);
    }

    public SourceDef source() {
        return source;
    }
}
