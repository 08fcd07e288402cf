package io.runnel.streams;

/** How a worker drives a pipeline; the same pipeline code runs in each. */
public enum ProcessingMode {
    /** Every record is processed as it arrives; watermarks advance per record. The default. */
    RECORD,
    /**
     * Records are processed as they arrive, but watermarks advance, windows close, updates are emitted and offsets
     * committed only once per trigger interval ({@code runnel.streams.trigger.interval.ms}).
     */
    MICRO_BATCH,
    /**
     * Replays the input from its start (or a given time) up to the end offsets seen at start, then closes every
     * window, writes final results, commits and stops.
     */
    BOUNDED
}
