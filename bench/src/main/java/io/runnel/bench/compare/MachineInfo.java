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
