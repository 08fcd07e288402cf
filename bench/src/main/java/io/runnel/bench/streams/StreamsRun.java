package io.runnel.bench.streams;

import java.util.Locale;
import java.util.Optional;

/**
 * One successful benchmark run as {@link StreamsJobRunner} reported it: the figures of one engine on one job in one
 * round. {@code steadyEventsPerSec} is negative when the run saw no output before its end. Immutable.
 */
record StreamsRun(String engine, String job, int round, long events, long elapsedMs, double eventsPerSec,
                  long peakRssMb, double steadyEventsPerSec, double cpuUsPerEvent) {

    /**
     * Parses a runner line {@code RESULT engine job events elapsedMs eventsPerSec peakRssMb steadyEventsPerSec
     * cpuUsPerEvent}, reported under {@code engine} (the harness's name, e.g. runnel-base, which the runner itself
     * calls runnel); empty for an incomplete or malformed line.
     */
    static Optional<StreamsRun> parse(String engine, int round, String line) {
        String[] f = line.split(" ");
        if (f.length < 9 || !f[0].equals("RESULT")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamsRun(engine, f[2], round, Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Double.parseDouble(f[5]), Long.parseLong(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The harness's Markdown table row for this run. */
    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %d | %.0f | %.2f |", engine, job, events,
                elapsedMs, eventsPerSec, peakRssMb, steadyEventsPerSec, cpuUsPerEvent);
    }
}
