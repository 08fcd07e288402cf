package io.runnel.streams.internals;

/**
 * A state store declared by an operator. {@code sourceTopic} non-null: the store mirrors that compacted input topic
 * (a table) and the topic itself is the changelog, restored up to the committed input offset; otherwise the store
 * logs to its own compacted changelog topic {@code <application>-<name>-changelog}.
 */
public record StoreDef(String name, String sourceTopic) {
    public String changelogTopic(String applicationId) {
        return sourceTopic != null ? sourceTopic : applicationId + "-" + name + "-changelog";
    }

    public boolean logged() {
        return sourceTopic == null;
    }
}
