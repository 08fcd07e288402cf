package io.runnel.streams.internals;

import io.runnel.streams.state.LoggedStore;
import java.util.function.ToIntFunction;

/**
 * A state store declared by an operator. {@code sourceTopic} non-null: the store mirrors that compacted input topic
 * (a table) and the topic itself is the changelog, restored up to the committed input offset; otherwise the store
 * logs to its own changelog topic {@code <application>-<name>-changelog}: compacted, and for a {@link
 * Layout#SEGMENTED} store also deleted by time ({@code expiresAfterMs} plus an extra retention), since its entries
 * expire without tombstones ({@link LoggedStore#expireRange}).
 */
public record StoreDef(String name, String sourceTopic, Layout layout, long expiresAfterMs) {
    /** How the operator lays out its keys ({@link StoreKeyFormat}), which decides how the store caches them. */
    public enum Layout {
        /** Any other layout; scans may span keys. */
        PLAIN,
        /** Keyed-time keys; scans other than whole-store ones stay within one key. */
        KEYED_TIME,
        /** Segmented keyed-time keys; scans other than whole-store ones stay within one key and segment. */
        SEGMENTED
    }

    public StoreDef(String name, String sourceTopic) {
        this(name, sourceTopic, Layout.PLAIN, -1);
    }

    public String changelogTopic(String applicationId) {
        return sourceTopic != null ? sourceTopic : applicationId + "-" + name + "-changelog";
    }

    public boolean logged() {
        return sourceTopic == null;
    }

    /**
     * Whether the owner writes each key once and drops entries by range only (segmented stores: join buffers), so
     * the changelog carries chunks of entries ({@link io.runnel.streams.state.ChangelogChunk}).
     */
    public boolean appendOnly() {
        return layout == Layout.SEGMENTED;
    }

    /** The key-group prefix length function for {@link LoggedStore}'s caches, or null for none. */
    public ToIntFunction<byte[]> keyGroupLength() {
        return switch (layout) {
            case PLAIN -> null;
            case KEYED_TIME -> StoreKeyFormat::keyedGroupLength;
            case SEGMENTED -> StoreKeyFormat::segmentedGroupLength;
        };
    }
}
