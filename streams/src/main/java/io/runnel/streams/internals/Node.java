package io.runnel.streams.internals;

import java.util.List;

/**
 * One operator instance inside one task. Nodes are untyped inside the engine (the DSL keeps the types); a node
 * receives records through {@link #process}, event-time progress through {@link #onWatermark} (called in
 * topological order, so a parent's emissions reach a child before the child's own watermark call) and forwards to
 * its children. Owned by the task's thread.
 */
public abstract class Node {
    protected TaskContext ctx;
    protected Node[] children = new Node[0];

    final void wire(List<Node> kids) {
        this.children = kids.toArray(new Node[0]);
    }

    public void init(TaskContext context) {
        this.ctx = context;
    }

    public abstract void process(Object key, Object value, long timestampMs);

    /** Event time advanced to {@code watermarkMs} (Long.MAX_VALUE at the end of bounded input). */
    public void onWatermark(long watermarkMs) {
    }

    /** The task's inputs all became idle ({@code true}) or one became active again. */
    public void onIdle(boolean idle) {
    }

    /** Called before the task flushes its stores for a commit. */
    public void onCommit() {
    }

    public void close() {
    }

    final void forwardFromBuffer(Object key, Object value, long timestampMs) {
        forward(key, value, timestampMs);
    }

    protected final void forward(Object key, Object value, long timestampMs) {
        for (Node child : children) {
            child.process(key, value, timestampMs);
        }
    }
}
