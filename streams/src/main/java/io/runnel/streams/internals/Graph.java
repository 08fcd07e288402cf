package io.runnel.streams.internals;

import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The logical operator graph the DSL builds, and its compilation into {@link Subtopology}s: the connected pieces
 * between repartition topics. Built by one thread.
 */
public final class Graph {
    private final String applicationId;
    private final List<NodeDef> nodes = new ArrayList<>();
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private final Map<String, StoreDef> stores = new LinkedHashMap<>();

    public Graph(String applicationId) {
        this.applicationId = applicationId;
    }

    public String applicationId() {
        return applicationId;
    }

    /** A unique operator name: {@code prefix-N}. */
    public String name(String prefix) {
        int n = nameCounts.merge(prefix, 1, Integer::sum);
        return prefix + "-" + n;
    }

    public NodeDef addSource(String name, SourceDef source, Supplier<Node> factory) {
        NodeDef def = new NodeDef(nodes.size(), name, factory);
        def.source = source;
        nodes.add(def);
        return def;
    }

    public NodeDef add(String name, Supplier<Node> factory, NodeDef... parents) {
        NodeDef def = new NodeDef(nodes.size(), name, factory);
        for (NodeDef p : parents) {
            def.parents.add(p);
            p.children.add(def);
        }
        nodes.add(def);
        return def;
    }

    public NodeDef addSink(String name, String topic, boolean repartition, Supplier<Node> factory, NodeDef parent) {
        NodeDef def = add(name, factory, parent);
        def.sinkTopic = topic;
        def.repartitionSink = repartition;
        return def;
    }

    public void addStore(NodeDef owner, StoreDef store) {
        Verify.that(!stores.containsKey(store.name()) || stores.get(store.name()).equals(store),
                "state store name %s is used twice", store.name());
        stores.put(store.name(), store);
        owner.stores.add(store);
    }

    /** Splits the graph at repartition topics; subtopology ids are in order of their first node. */
    public List<Subtopology> compile() {
        int[] parent = new int[nodes.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (NodeDef n : nodes) {
            for (NodeDef c : n.children) {
                union(parent, n.id, c.id);
            }
        }
        // Nodes sharing a store (the two sides of a join) must run in one task.
        Map<String, Integer> storeOwner = new HashMap<>();
        for (NodeDef n : nodes) {
            for (StoreDef s : n.stores) {
                Integer other = storeOwner.putIfAbsent(s.name(), n.id);
                if (other != null) {
                    union(parent, other, n.id);
                }
            }
        }
        Map<Integer, List<NodeDef>> groups = new LinkedHashMap<>();
        for (NodeDef n : nodes) {
            groups.computeIfAbsent(find(parent, n.id), k -> new ArrayList<>()).add(n);
        }
        List<Subtopology> out = new ArrayList<>();
        Map<String, Integer> writerOf = new HashMap<>();
        for (List<NodeDef> group : groups.values()) {
            Subtopology st = new Subtopology(out.size(), group);
            for (NodeDef n : group) {
                if (n.repartitionSink) {
                    writerOf.put(n.sinkTopic, st.id());
                }
            }
            Verify.that(!st.sources().isEmpty(), "operators %s read no topic", group.get(0).name);
            out.add(st);
        }
        for (Subtopology st : out) {
            for (SourceDef s : st.sources()) {
                if (s.kind() == SourceDef.Kind.REPARTITION) {
                    Integer writer = writerOf.get(s.topic());
                    Verify.that(writer != null, "no operator writes repartition topic %s", s.topic());
                    st.upstreamOf.put(s.topic(), writer);
                }
            }
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
