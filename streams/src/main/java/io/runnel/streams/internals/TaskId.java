package io.runnel.streams.internals;

/** One task: a subtopology on one partition number. Printed as {@code subtopology_partition}. */
public record TaskId(int subtopology, int partition) {
    @Override
    public String toString() {
        return subtopology + "_" + partition;
    }
}
