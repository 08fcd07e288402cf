package io.runnel.bench.compare;

import java.util.List;

/**
 * One workload of the comparison: load-tool invocations run in order against a fresh topic (the last one is
 * measured; earlier ones prepare data, like the produce before a catch-up read) and the metrics reported.
 * Arguments exclude {@code --bootstrap}, {@code --topic} and {@code --json}, which the harness adds. Immutable.
 *
 * @param id      stable key in result files ("produce-p8-acks1")
 * @param title   table label
 * @param label   short chart label
 * @param steps   load-tool argument lists, the first element being the mode (produce, consume, e2e)
 * @param metrics what the table shows for it
 */
record Workload(String id, String title, String label, List<List<String>> steps, List<Metric> metrics) {

    /** The pseudo-workload carrying per-node figures (start time, RSS). */
    static final String NODE = "node";

    Workload {
        steps = steps.stream().map(List::copyOf).toList();
        metrics = List.copyOf(metrics);
    }

    /** The topic this workload uses on a fresh node. */
    String topic() {
        return "bench-" + id;
    }
}
