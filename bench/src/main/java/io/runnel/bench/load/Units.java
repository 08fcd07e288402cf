package io.runnel.bench.load;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human units the load tool accepts on its command line: durations ({@code 30s}, {@code 500ms},
 * {@code 2m}, {@code 1h}, a bare number is seconds), byte sizes ({@code 100}, {@code 1KiB}, {@code 1k},
 * {@code 4MiB}) and counts ({@code 2000000}, {@code 2M}, {@code 20k}). Stateless; thread-safe.
 */
public final class Units {

    private static final Pattern NUMBER_SUFFIX = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([a-z]*)$");

    private Units() {
    }

    private static final Map<String, Double> DURATION_UNITS_NS = Map.of("", 1e9, "s", 1e9, "ms", 1e6, "us", 1e3,
            "m", 60e9, "min", 60e9, "h", 3600e9);
    private static final Map<String, Double> BYTE_UNITS = Map.of("", 1.0, "b", 1.0, "k", 1024.0, "kb", 1024.0,
            "kib", 1024.0, "m", 1048576.0, "mb", 1048576.0, "mib", 1048576.0);
    private static final Map<String, Double> COUNT_UNITS = Map.of("", 1.0, "k", 1e3, "m", 1e6);

    /** A duration in nanoseconds; throws IllegalArgumentException naming what is accepted. */
    public static long parseDurationNs(String text) {
        return parse(text, DURATION_UNITS_NS, "a duration such as 30s, 500ms, 2m or 1h",
                "is not a duration: use a number with s, ms, m or h");
    }

    /** A size in bytes: a plain number, or with k/KiB (1024), m/MiB (1024^2). */
    public static long parseBytes(String text) {
        return parse(text, BYTE_UNITS, "a size such as 100, 1KiB or 4MiB", "is not a size: use a number with KiB or MiB");
    }

    /** A count: a plain number, or with k (1000) or M (1000000). */
    public static long parseCount(String text) {
        return parse(text, COUNT_UNITS, "a count such as 100000, 20k or 2M", "is not a count: use a number, optionally with k or M");
    }

    private static long parse(String text, Map<String, Double> units, String accepted, String badUnit) {
        Matcher m = match(text, accepted);
        Double unit = units.get(m.group(2));
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' " + badUnit);
        }
        return checkedLong(Double.parseDouble(m.group(1)) * unit, text);
    }

    private static Matcher match(String text, String accepted) {
        if (text == null) {
            throw new IllegalArgumentException("missing value: expected " + accepted);
        }
        Matcher m = NUMBER_SUFFIX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + accepted);
        }
        return m;
    }

    private static long checkedLong(double value, String text) {
        if (value >= Long.MAX_VALUE || Double.isNaN(value)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return Math.round(value);
    }
}
