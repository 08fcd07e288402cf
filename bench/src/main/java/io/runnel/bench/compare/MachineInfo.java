package io.runnel.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Describes the machine a comparison ran on (cores, memory, CPU model, OS, JDK), from the JVM and /proc. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s memory, %s %s, JDK %s (%s)",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"));
    }

    /** The 1-minute load average from /proc/loadavg, or null where unavailable: the machine may be shared. */
    static Double loadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(lines.get(0).split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The machine's CPU time so far from the first line of /proc/stat, as {total, steal} in clock ticks, or null
     * where unavailable. Steal is time the hypervisor ran other guests while this one had work: on a shared host it
     * stalls every thread of both brokers and the client at once, which no broker setting changes, so latency
     * figures are read together with it.
     */
    static long[] cpuTicks() {
        List<String> lines = lines(Path.of("/proc/stat"));
        if (lines.isEmpty() || !lines.get(0).startsWith("cpu ")) {
            return null;
        }
        String[] f = lines.get(0).trim().split("\\s+");
        long total = 0;
        try {
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest time is inside user already
                total += Long.parseLong(f[i]);
            }
            return f.length > 8 ? new long[] {total, Long.parseLong(f[8])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Percent of the CPU time between two {@link #cpuTicks()} readings that was stolen, or null. */
    static Double stealPercent(long[] before, long[] after) {
        if (before == null || after == null || after[0] <= before[0]) {
            return null;
        }
        return 100.0 * (after[1] - before[1]) / (after[0] - before[0]);
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
            }
        }
        return "unknown CPU";
    }

    private static String memory() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kb / (1024.0 * 1024.0));
            }
        }
        return "unknown";
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
