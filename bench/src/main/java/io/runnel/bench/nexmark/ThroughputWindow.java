package io.runnel.bench.nexmark;

/**
 * The steady-state span of a throughput run, from the committed input totals polled every few tens of ms (decision
 * 0075): it starts at the first commit seen as it lands at or after {@code measureFromNs}, and ends at the last one
 * before the commit that completes the input (that one lands up to a commit interval after the work ended).
 */
final class ThroughputWindow {
    private final long total;
    private final long measureFromNs;
    private long[] first; // {ns, cpuNs, committed}
    private long[] last;
    private long lastDone;

    ThroughputWindow(long total, long measureFromNs) {
        this.total = total;
        this.measureFromNs = measureFromNs;
    }

    /** One poll's committed total; true once the whole input is committed. */
    boolean observe(long ns, long cpuNs, long done) {
        if (done >= total) {
            return true;
        }
        if (done > lastDone) { // a commit seen as it lands, not one made up to an interval ago
            long[] seen = {ns, cpuNs, done};
            if (first == null && ns >= measureFromNs) {
                first = seen;
            } else if (first != null) {
                last = seen;
            }
        }
        lastDone = done;
        return false;
    }

    /** Whether two commits after the warm-up came before the completing one (else the whole run is measured). */
    boolean measured() {
        return first != null && last != null;
    }

    long records() {
        return last[2] - first[2];
    }

    long elapsedMs() {
        return (last[0] - first[0]) / 1_000_000;
    }

    long cpuMs() {
        return (last[1] - first[1]) / 1_000_000;
    }
}
