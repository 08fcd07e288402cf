package io.runnel.bench.load;

import java.util.Locale;

/** What a load run does: produce only, consume only, or produce and consume to measure end-to-end latency. */
public enum LoadMode {
    PRODUCE,
    CONSUME,
    E2E;

    /** The lower-case name used on the command line and in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
