package io.runnel.streams;

import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.internals.Subtopology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled pipeline: independent subtopologies connected through repartition topics. Immutable; run it with a
 * {@code io.runnel.streams.runtime.Worker} or the {@code io.runnel.streams.testing.PipelineTestDriver}.
 */
public final class Pipeline {
    private final String applicationId;
    private final List<Subtopology> subtopologies;
    /** Topic -> the subtopology reading it; asked for every poll batch, so computed once. */
    private final java.util.Map<String, Subtopology> readers = new java.util.HashMap<>();

    Pipeline(String applicationId, List<Subtopology> subtopologies) {
        this.applicationId = applicationId;
        this.subtopologies = List.copyOf(subtopologies);
        for (Subtopology st : this.subtopologies) {
            for (String topic : st.sourceTopics()) {
                readers.putIfAbsent(topic, st);
            }
        }
    }

    public String applicationId() {
        return applicationId;
    }

    public List<Subtopology> subtopologies() {
        return subtopologies;
    }

    /** Every topic a worker subscribes to (user inputs and internal repartition topics). */
    public Set<String> sourceTopics() {
        Set<String> out = new LinkedHashSet<>();
        subtopologies.forEach(st -> out.addAll(st.sourceTopics()));
        return out;
    }

    /** User topics the pipeline reads, not produced by itself. */
    public Set<String> externalSourceTopics() {
        Set<String> out = new LinkedHashSet<>();
        for (Subtopology st : subtopologies) {
            for (SourceDef s : st.sources()) {
                if (s.kind() != SourceDef.Kind.REPARTITION) {
                    out.add(s.topic());
                }
            }
        }
        return out;
    }

    /** The subtopology that reads {@code topic}, or null. */
    public Subtopology subtopologyReading(String topic) {
        return readers.get(topic);
    }

    /** Human-readable description: subtopologies, their topics and stores. */
    public String describe() {
        StringBuilder sb = new StringBuilder("pipeline ").append(applicationId).append('\n');
        for (Subtopology st : subtopologies) {
            List<String> stores = new ArrayList<>();
            for (StoreDef s : st.stores()) {
                stores.add(s.name() + " -> " + s.changelogTopic(applicationId));
            }
            sb.append("  subtopology ").append(st.id()).append(": reads ").append(st.sourceTopics())
                    .append(", writes ").append(st.sinkTopics()).append(", repartitions to ")
                    .append(st.repartitionTopicsWritten()).append(", stores ").append(stores).append('\n');
        }
        return sb.toString();
    }
}
